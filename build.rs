//! Embeds the icon and version information in the Windows .exe (Explorer, shortcuts and
//! Add/Remove Programs read them from there). Does nothing for other targets.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=icons/paalogging.ico");
    println!("cargo:rerun-if-changed=build.rs");
    // The target, not the host: `#[cfg(windows)]` here would describe the build machine.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return Ok(());
    }
    let mut resource = winresource::WindowsResource::new();
    resource
        .set_icon("icons/paalogging.ico")
        .set("ProductName", "Påloggingshjelp")
        .set(
            "FileDescription",
            "Påloggingshjelp – hjelp med innlogging i Visma",
        )
        .set("InternalName", "paalogging")
        .set("OriginalFilename", "paalogging.exe")
        // nb-NO
        .set_language(0x0414);
    resource.compile()?;
    Ok(())
}
