//! Helpers shared by the lib's unit tests and the integration tests: stepping a window driven
//! through egui_kittest until background work is done. Only in builds with the `test-support`
//! feature, which `cargo test` turns on (Cargo.toml's dev-dependency on this crate); never in the
//! product or the benchmark. (Loopback servers and isolated commands are the core's:
//! `paalogging_core::test_support`.)

use std::time::Duration;

use egui_kittest::Harness;

/// Frames [`step_until`] waits before it gives up: with [`PAUSE`] between them, several
/// seconds, far longer than a decode, a loopback check or an update needs on a loaded machine.
pub const MAX_STEPS: usize = 500;

/// Between two frames, so background work (a worker thread, a loopback server) gets the CPU.
const PAUSE: Duration = Duration::from_millis(10);

/// Steps frames until `done` holds, waiting on background work; panics naming `what` after
/// [`MAX_STEPS`] frames. Returns at once when `done` already holds. It only steps: call
/// `harness.run()` afterwards for a settled frame.
pub fn step_until<State>(
    harness: &mut Harness<'_, State>,
    what: &str,
    done: impl Fn(&Harness<'_, State>) -> bool,
) {
    step_until_within(harness, what, MAX_STEPS, done);
}

fn step_until_within<State>(
    harness: &mut Harness<'_, State>,
    what: &str,
    max_steps: usize,
    done: impl Fn(&Harness<'_, State>) -> bool,
) {
    for _ in 0..max_steps {
        if done(harness) {
            return;
        }
        std::thread::sleep(PAUSE);
        harness.step();
    }
    if !done(harness) {
        panic!("step_until: gave up waiting for {what} after {max_steps} frames");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A window that counts its frames.
    fn counting() -> Harness<'static, u32> {
        Harness::new_ui_state(
            |ui, frames: &mut u32| {
                *frames += 1;
                ui.label(format!("frame {frames}"));
            },
            0,
        )
    }

    #[test]
    fn returns_once_the_condition_holds() {
        let mut harness = counting();
        // Building the harness already ran a few frames.
        let wanted = *harness.state() + 3;
        step_until(&mut harness, "three more frames", |h| *h.state() >= wanted);
        assert_eq!(*harness.state(), wanted, "no frame more than needed");
        // Already true: no frame at all.
        step_until(&mut harness, "three more frames", |h| *h.state() >= wanted);
        assert_eq!(*harness.state(), wanted);
    }

    #[test]
    #[should_panic(expected = "step_until: gave up waiting for ten more frames after 5 frames")]
    fn gives_up_after_its_bound_naming_what_it_waited_for() {
        let mut harness = counting();
        let wanted = *harness.state() + 10;
        step_until_within(&mut harness, "ten more frames", 5, |h| *h.state() >= wanted);
    }
}
