//! Time stamps as the helpdesk reads them: the report, the crash file, an update's expiry.

use std::time::SystemTime;

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// `2026-03-01T12:34:56Z`. UTC, so the helpdesk reads one clock whatever the PC is set to;
/// whole seconds, which is all a helpdesk needs.
pub fn rfc3339_utc(time: SystemTime) -> String {
    let utc = OffsetDateTime::from(time);
    utc.replace_nanosecond(0)
        .unwrap_or(utc)
        .format(&Rfc3339)
        // Only a year past 9999 cannot be written this way; the epoch says "clock unusable".
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".to_owned())
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::*;

    #[test]
    fn rfc3339_dates() {
        assert_eq!(rfc3339_utc(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400); // 2000-02-29
        assert_eq!(rfc3339_utc(leap), "2000-02-29T00:00:00Z");
        let end = UNIX_EPOCH + Duration::from_secs(1_767_225_599);
        assert_eq!(rfc3339_utc(end), "2025-12-31T23:59:59Z");
        // Parts of a second are dropped, not written.
        let fraction = end + Duration::from_millis(999);
        assert_eq!(rfc3339_utc(fraction), "2025-12-31T23:59:59Z");
    }
}
