//! Embeds the icon, the version information and the application manifest in the Windows
//! `paalogging.exe` (Explorer, shortcuts and Add/Remove Programs read them from there; the
//! manifest sets DPI awareness, the supported Windows versions and asInvoker). Only the app's
//! binary gets them: `paalogging-guide.exe` and the test programs are not Påloggingshjelp.
//! Does nothing for other targets.

/// The binary that is Påloggingshjelp.
const APP_BINARY: &str = "paalogging";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=icons/paalogging.ico");
    println!("cargo:rerun-if-changed=packaging/windows/paalogging.exe.manifest");
    println!("cargo:rerun-if-changed=build.rs");
    // The target, not the host: `#[cfg(windows)]` here would describe the build machine.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return Ok(());
    }
    let mut resource = winresource::WindowsResource::new();
    resource
        .set_icon("icons/paalogging.ico")
        .set_manifest_file("packaging/windows/paalogging.exe.manifest")
        .set("ProductName", "Påloggingshjelp")
        .set(
            "FileDescription",
            "Påloggingshjelp – hjelp med innlogging i Visma",
        )
        .set("InternalName", APP_BINARY)
        .set("OriginalFilename", &format!("{APP_BINARY}.exe"))
        // nb-NO
        .set_language(0x0414);
    // `cargo:rustc-link-arg-bin=paalogging=…`: linked into that binary only.
    resource.compile_for(APP_BINARY)?;
    Ok(())
}
