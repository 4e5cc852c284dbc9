//! `paalogging.com`: the console-subsystem companion of `paalogging.exe` on Windows.
//!
//! A GUI-subsystem exe is not waited for by cmd.exe or PowerShell: `--check` output lands after
//! the prompt and the exit code is lost. This binary is the same program (the same `main`),
//! linked as a console program; packaged as `paalogging.com` beside `paalogging.exe`, it is what
//! `paalogging --check` runs from a shell (PATHEXT puts .COM before .EXE), as Visual Studio's
//! devenv.com does for devenv.exe. Elsewhere there is one binary, `paalogging`.

// The same entry code as `paalogging`; its `windows_subsystem` attribute applies to the root
// module only, so here it is inert and this binary stays a console program.
#[cfg(windows)]
#[allow(unused_attributes)]
#[path = "../main.rs"]
mod app_main;

#[cfg(windows)]
fn main() -> std::process::ExitCode {
    app_main::main()
}

#[cfg(not(windows))]
fn main() -> std::process::ExitCode {
    eprintln!("paalogging-cli is the Windows console companion (paalogging.com); run paalogging");
    std::process::ExitCode::from(2)
}
