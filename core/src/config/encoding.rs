//! The text of a configuration file, whichever way Windows saved it.
//!
//! IT writes machine-wide files with Notepad (UTF-8, perhaps with a BOM) or Windows PowerShell
//! 5.1: `Out-File` and `>` write UTF-16LE with a byte-order mark, `Set-Content` the ANSI code
//! page. UTF-8 and UTF-16 with a BOM are read; anything else is refused with a plain message
//! saying what is wrong with the file, instead of being thrown away as "not UTF-8".

use std::fmt;

/// Why a configuration file's bytes are not text we can read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodingError {
    /// 1-based line of the first bad byte (0: not tied to a line).
    pub line: usize,
    /// 1-based column (in characters) of the first bad byte (0: not tied to a place).
    pub column: usize,
    problem: Problem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Problem {
    /// Not UTF-8 and no BOM: most likely the ANSI code page (Set-Content, old editors).
    NotUtf8 { byte: u8 },
    /// NUL bytes without a BOM: UTF-16 whose byte-order mark was removed.
    Utf16WithoutBom,
    /// A UTF-16 BOM, then bytes that are not UTF-16.
    BadUtf16 { big_endian: bool },
}

impl fmt::Display for EncodingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SAVE: &str = "save it as UTF-8 (Notepad: Save as → Encoding: UTF-8; PowerShell: \
                            Set-Content -Encoding UTF8)";
        match self.problem {
            Problem::NotUtf8 { byte } => write!(
                f,
                "the file is not UTF-8 text: byte 0x{byte:02X} is not valid UTF-8 (a file saved \
                 in the ANSI code page, as Windows PowerShell's Set-Content does, looks like \
                 this); {SAVE}"
            ),
            Problem::Utf16WithoutBom => write!(
                f,
                "the file looks like UTF-16 without a byte-order mark; {SAVE}"
            ),
            Problem::BadUtf16 { big_endian } => write!(
                f,
                "the file starts with a UTF-16{} byte-order mark but is not valid UTF-16; {SAVE}",
                if big_endian { "BE" } else { "LE" }
            ),
        }
    }
}

impl std::error::Error for EncodingError {}

/// The text of a configuration file: UTF-8 (a BOM is dropped), or UTF-16LE/BE with a BOM.
pub fn decode(bytes: &[u8]) -> Result<String, EncodingError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, false);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, true);
    }
    utf8(bytes)
}

fn utf8(bytes: &[u8]) -> Result<String, EncodingError> {
    if looks_like_utf16(bytes) {
        return Err(EncodingError {
            line: 0,
            column: 0,
            problem: Problem::Utf16WithoutBom,
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(error) => {
            let good = bytes.get(..error.valid_up_to()).unwrap_or_default();
            // The part before the bad byte is valid UTF-8: count lines and characters in it.
            let before = String::from_utf8_lossy(good);
            let line_start = before.rfind('\n').map_or(0, |at| at + 1);
            Err(EncodingError {
                line: before.matches('\n').count() + 1,
                column: before.get(line_start..).unwrap_or_default().chars().count() + 1,
                problem: Problem::NotUtf8 {
                    byte: bytes.get(error.valid_up_to()).copied().unwrap_or_default(),
                },
            })
        }
    }
}

/// Every other byte NUL at the start: UTF-16 (of mostly ASCII text) that lost its BOM. TOML
/// allows no NUL, so no configuration file looks like this; a stray NUL is left to the TOML
/// parser, which names its line.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let start = bytes.get(..bytes.len().min(64)).unwrap_or_default();
    let nul_at = |parity: usize| start.iter().skip(parity).step_by(2).all(|&byte| byte == 0);
    start.len() >= 4 && (nul_at(0) || nul_at(1))
}

fn utf16(bytes: &[u8], big_endian: bool) -> Result<String, EncodingError> {
    let bad = EncodingError {
        line: 0,
        column: 0,
        problem: Problem::BadUtf16 { big_endian },
    };
    if !bytes.len().is_multiple_of(2) {
        return Err(bad);
    }
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[kommune]\r\nname = \"Høyanger kommune\"\r\n";

    fn utf16le_with_bom(text: &str) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        bytes
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(TEXT.as_bytes()), Ok(TEXT.to_owned()));
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), TEXT.as_bytes()].concat();
        assert_eq!(decode(&with_bom), Ok(TEXT.to_owned()));
    }

    #[test]
    fn utf16_with_a_bom_as_powershell_out_file_writes_it() {
        assert_eq!(decode(&utf16le_with_bom(TEXT)), Ok(TEXT.to_owned()));
        let mut big_endian = vec![0xFE, 0xFF];
        big_endian.extend(TEXT.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&big_endian), Ok(TEXT.to_owned()));
    }

    #[test]
    fn the_ansi_code_page_is_refused_with_the_place_and_what_to_do() {
        // As Set-Content writes it on a Norwegian Windows: ø is 0xF8 in Windows-1252.
        let error = decode(b"[kommune]\r\nname = \"H\xF8yanger kommune\"\r\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 10));
        let message = error.to_string();
        assert!(message.contains("not UTF-8"), "{message}");
        assert!(message.contains("0xF8"), "{message}");
        assert!(message.contains("save it as UTF-8"), "{message}");
    }

    #[test]
    fn utf16_without_a_bom_and_broken_utf16_are_named() {
        let no_bom: Vec<u8> = TEXT.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert!(
            decode(&no_bom)
                .unwrap_err()
                .to_string()
                .contains("UTF-16 without")
        );
        // One stray NUL is not UTF-16: the TOML parser reports it at its line.
        assert_eq!(decode(b"[app]\n\0"), Ok("[app]\n\0".to_owned()));
        let mut odd = utf16le_with_bom(TEXT);
        odd.push(b'x');
        assert!(decode(&odd).unwrap_err().to_string().contains("UTF-16LE"));
        // A lone high surrogate.
        assert!(decode(&[0xFE, 0xFF, 0xD8, 0x00, 0x00, 0x41]).is_err());
    }

    /// Loads the configuration with `bytes` as the machine-wide file.
    fn load_machine_file(bytes: &[u8]) -> (super::super::Loaded, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = super::super::Paths::under(dir.path());
        let machine = paths.machine_config.clone().expect("machine path");
        std::fs::create_dir_all(machine.parent().expect("parent")).expect("mkdir");
        std::fs::write(&machine, bytes).expect("write");
        (super::super::load(&paths, None), machine)
    }

    #[test]
    fn a_utf16_machine_wide_file_is_applied() {
        let (loaded, _) = load_machine_file(&utf16le_with_bom(TEXT));
        assert_eq!(loaded.errors, Vec::new());
        assert_eq!(loaded.config.kommune_name.value, "Høyanger kommune");
    }

    #[test]
    fn an_ansi_machine_wide_file_is_reported_with_its_name() {
        let (loaded, machine) = load_machine_file(b"[kommune]\nname = \"H\xF8yanger\"\n");
        let [error] = loaded.errors.as_slice() else {
            panic!("one error expected: {:?}", loaded.errors);
        };
        assert_eq!(error.position.file, machine.display().to_string());
        assert_eq!((error.position.line, error.position.column), (2, 10));
        assert!(error.to_string().contains("not UTF-8"), "{error}");
        assert_eq!(loaded.config.kommune_name.value, "Askøy kommune");
    }
}
