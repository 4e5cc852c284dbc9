//! Deliberate panics for the test suite, by place: `PAALOGGING_TEST_PANIC=startup|ui|check|
//! picture|saver`. Not in the product.
pub const ENV: &str = "PAALOGGING_TEST_PANIC";
/// A check whose address contains this host panics (test builds only).
pub const PANIC_HOST: &str = "panic.test-hook.invalid";
/// A picture request for this page panics in the loader (test builds only).
pub const PANIC_PAGE: &str = "test-hook-panic";

/// Whether the variable names `point` ("startup" also for any other value).
pub fn armed(point: &str) -> bool {
    match std::env::var(ENV) {
        Ok(value) => {
            value == point
                || (point == "startup"
                    && !["ui", "check", "picture", "saver"].contains(&value.as_str()))
        }
        Err(_) => false,
    }
}

/// Never inlined, so the crash file's backtrace names it.
#[inline(never)]
pub fn crash_on_purpose(point: &str) {
    panic!("{ENV}={point}: crashing on purpose");
}
