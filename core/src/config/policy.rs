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
    let Some(key) = os::policy_key() else {
        return Vec::new();
    };
    KEYS.iter()
        .filter_map(|info| os::read_value(&key, info.name).map(|value| (info.name, value)))
        .collect()
}

#[cfg(not(windows))]
pub fn read_registry() -> Vec<(&'static str, RegValue)> {
    Vec::new()
}

#[cfg(windows)]
mod os {
    use windows_registry::{Key, LOCAL_MACHINE, Type};
    use windows_result::HRESULT;
    use windows_sys::Win32::Foundation::ERROR_FILE_NOT_FOUND;

    use super::RegValue;

    const SUBKEY: &str = r"SOFTWARE\Policies\Paalogging";

    /// The key or the value is not there: no policy set, which is normal.
    fn absent(error: &windows_result::Error) -> bool {
        error.code() == HRESULT::from_win32(ERROR_FILE_NOT_FOUND)
    }

    /// The policy key, when IT has set one (one that cannot be opened is logged).
    pub fn policy_key() -> Option<Key> {
        match LOCAL_MACHINE.open(SUBKEY) {
            Ok(key) => Some(key),
            Err(error) if absent(&error) => None,
            Err(error) => {
                tracing::warn!("the policy key {SUBKEY} cannot be read: {error}");
                None
            }
        }
    }

    /// One value, or `None` when absent (or unreadable, which is logged). Read as stored: a
    /// REG_EXPAND_SZ value is not filled in from environment variables, which are the user's.
    pub fn read_value(key: &Key, name: &str) -> Option<RegValue> {
        let value = match key.get_value(name) {
            Ok(value) => value,
            Err(error) if absent(&error) => return None,
            Err(error) => {
                tracing::warn!("policy value {name} cannot be read: {error}");
                return None;
            }
        };
        // Text ends at its first NUL (the terminator, if it was stored with one).
        let text = |units: &[u16]| {
            let end = units.iter().position(|&u| u == 0).unwrap_or(units.len());
            String::from_utf16_lossy(units.get(..end).unwrap_or(&[]))
        };
        match value.ty() {
            Type::String | Type::ExpandString => Some(RegValue::Text(text(value.as_wide()))),
            Type::U32 | Type::U64 => match u64::try_from(value) {
                Ok(number) => Some(RegValue::Number(number)),
                Err(error) => {
                    tracing::warn!("policy value {name} is not a whole number: {error}");
                    None
                }
            },
            Type::MultiString => Some(RegValue::List(
                value
                    .as_wide()
                    .split(|&u| u == 0)
                    .map(String::from_utf16_lossy)
                    .filter(|item| !item.is_empty())
                    .collect(),
            )),
            other => {
                tracing::warn!(
                    "policy value {name} has registry type {other:?}, which is not read"
                );
                None
            }
        }
    }
}

#[cfg(test)]
mod tests;
