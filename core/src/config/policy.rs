//! Windows Group Policy and Intune: `HKLM\SOFTWARE\Policies\Paalogging`, one value per key,
//! named like the key in the file (`kommune.name`). Only administrators can write there. The
//! values are turned into a TOML layer and applied like a file, after the machine-wide file,
//! so a policy value wins over the same key in the file. The templates are in
//! `packaging/windows/policy/`.

use super::keys::KEYS;
use super::value::RegistryType;

/// One registry value as read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegValue {
    /// REG_SZ or REG_EXPAND_SZ
    Text(String),
    /// REG_DWORD or REG_QWORD
    Number(u64),
    /// REG_MULTI_SZ
    List(Vec<String>),
}

fn quote(text: &str) -> String {
    toml::Value::String(text.to_owned()).to_string()
}

/// The policy values as a TOML document that [`super::layer::apply`] reads like a file. A
/// value whose registry type does not fit its key is written as it is, so the key's own check
/// reports it with the key's name. Values of unknown names are ignored: the policy key is read
/// by name, key by key.
pub fn to_toml(values: &[(&str, RegValue)]) -> String {
    let mut out = String::new();
    let mut section = "";
    for info in KEYS.iter() {
        let Some((_, value)) = values.iter().find(|(name, _)| *name == info.name) else {
            continue;
        };
        let literal = match (info.registry, value) {
            (RegistryType::Flag, RegValue::Number(n)) => (*n != 0).to_string(),
            (_, RegValue::Number(n)) => n.to_string(),
            (RegistryType::List, RegValue::Text(text)) => {
                // A list typed into a text value: split on commas, spaces and semicolons.
                let items: Vec<String> = text
                    .split([',', ';', ' '])
                    .filter(|item| !item.is_empty())
                    .map(quote)
                    .collect();
                format!("[{}]", items.join(", "))
            }
            (_, RegValue::Text(text)) => quote(text),
            (_, RegValue::List(items)) => {
                let items: Vec<String> = items.iter().map(|item| quote(item)).collect();
                format!("[{}]", items.join(", "))
            }
        };
        // The table keeps each section's keys together, so one header per section suffices.
        if section != info.section() {
            section = info.section();
            out.push_str(&format!("[{section}]\n"));
        }
        out.push_str(&format!("{} = {literal}\n", info.field()));
    }
    out
}

/// The values present under the policy key.
#[cfg(windows)]
pub fn read_registry() -> Vec<(&'static str, RegValue)> {
    KEYS.iter()
        .filter_map(|info| os::read_value(info.name).map(|value| (info.name, value)))
        .collect()
}

#[cfg(not(windows))]
pub fn read_registry() -> Vec<(&'static str, RegValue)> {
    Vec::new()
}

#[cfg(windows)]
mod os {
    use windows_sys::Win32::Foundation::{ERROR_FILE_NOT_FOUND, ERROR_SUCCESS};
    use windows_sys::Win32::System::Registry::{
        HKEY_LOCAL_MACHINE, REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_QWORD, REG_SZ,
        RRF_NOEXPAND, RRF_RT_ANY, RegGetValueW,
    };

    use super::RegValue;

    const SUBKEY: &str = r"SOFTWARE\Policies\Paalogging";

    fn wide(text: &str) -> Vec<u16> {
        text.encode_utf16().chain(std::iter::once(0)).collect()
    }

    /// One value, or `None` when absent (or unreadable, which is logged).
    pub fn read_value(name: &str) -> Option<RegValue> {
        let subkey = wide(SUBKEY);
        let value = wide(name);
        let mut kind = 0u32;
        // RRF_NOEXPAND: a REG_EXPAND_SZ value would otherwise be filled in from environment
        // variables, which are the user's.
        let mut get = |buffer: *mut core::ffi::c_void, size: &mut u32| {
            // SAFETY: NUL-terminated strings and valid out-pointers; `buffer` is null (asking
            // for the size) or holds `size` bytes.
            unsafe {
                RegGetValueW(
                    HKEY_LOCAL_MACHINE,
                    subkey.as_ptr(),
                    value.as_ptr(),
                    RRF_RT_ANY | RRF_NOEXPAND,
                    &mut kind,
                    buffer,
                    size,
                )
            }
        };
        let mut size = 0u32;
        let status = get(std::ptr::null_mut(), &mut size);
        if status == ERROR_FILE_NOT_FOUND {
            return None;
        }
        // u16 units, rounded up, plus room for a missing terminator.
        let mut buffer = vec![0u16; (size as usize).div_ceil(2) + 2];
        let mut size = u32::try_from(buffer.len() * 2).unwrap_or(u32::MAX);
        let status = if status == ERROR_SUCCESS {
            get(buffer.as_mut_ptr().cast(), &mut size)
        } else {
            status
        };
        if status != ERROR_SUCCESS {
            tracing::warn!("policy value {name} cannot be read (error {status})");
            return None;
        }
        let units = buffer.get(..(size as usize) / 2).unwrap_or(&[]);
        let bytes: Vec<u8> = units.iter().flat_map(|unit| unit.to_le_bytes()).collect();
        let text = |units: &[u16]| {
            let end = units.iter().position(|&u| u == 0).unwrap_or(units.len());
            String::from_utf16_lossy(units.get(..end).unwrap_or(&[]))
        };
        match kind {
            REG_SZ | REG_EXPAND_SZ => Some(RegValue::Text(text(units))),
            REG_DWORD => {
                let raw: [u8; 4] = bytes.get(..4)?.try_into().ok()?;
                Some(RegValue::Number(u64::from(u32::from_le_bytes(raw))))
            }
            REG_QWORD => {
                let raw: [u8; 8] = bytes.get(..8)?.try_into().ok()?;
                Some(RegValue::Number(u64::from_le_bytes(raw)))
            }
            REG_MULTI_SZ => Some(RegValue::List(
                units
                    .split(|&u| u == 0)
                    .map(String::from_utf16_lossy)
                    .filter(|item| !item.is_empty())
                    .collect(),
            )),
            other => {
                tracing::warn!("policy value {name} has registry type {other}, which is not read");
                None
            }
        }
    }
}

#[cfg(test)]
mod tests;
