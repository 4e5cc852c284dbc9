//! Atlassian Statuspage summaries (`/api/v2/summary.json`), read as advice.

use serde::Deserialize;

use super::{Problem, Verdict};
use crate::safe_text::SafeText;

#[derive(Deserialize)]
struct Summary {
    #[serde(default)]
    components: Vec<Component>,
    #[serde(default)]
    incidents: Vec<Incident>,
}

// The server's texts are made safe as they are read: nothing below sees them raw.
#[derive(Deserialize)]
struct Component {
    name: SafeText,
    status: SafeText,
}

#[derive(Deserialize)]
struct Incident {
    name: SafeText,
    status: SafeText,
    #[serde(default)]
    components: Vec<Component>,
}

fn parse(body: &[u8]) -> Result<Summary, Verdict> {
    serde_json::from_slice(body)
        .map_err(|_| Verdict::Problem(Problem::Unexpected("not a status page summary".into())))
}

/// "degraded_performance" → "degraded performance".
fn readable(status: &SafeText) -> String {
    status.as_str().replace('_', " ")
}

/// The named component must be operational. Names are matched at run time: ids change.
pub fn component_verdict(body: &[u8], name: &str) -> Verdict {
    let summary = match parse(body) {
        Ok(summary) => summary,
        Err(verdict) => return verdict,
    };
    match summary
        .components
        .iter()
        .find(|c| c.name.as_str().eq_ignore_ascii_case(name))
    {
        None => Verdict::Problem(Problem::Unexpected(
            format!("no component \"{name}\"").into(),
        )),
        Some(component) if component.status.as_str() == "operational" => Verdict::Ok,
        Some(component) => Verdict::Problem(Problem::Incident(
            format!("{}: {}", component.name, readable(&component.status)).into(),
        )),
    }
}

/// No unresolved incident and no degraded component may mention `name`.
pub fn incident_verdict(body: &[u8], name: &str) -> Verdict {
    let summary = match parse(body) {
        Ok(summary) => summary,
        Err(verdict) => return verdict,
    };
    let needle = name.to_lowercase();
    let mentions = |text: &str| text.to_lowercase().contains(&needle);
    let open = summary.incidents.iter().find(|incident| {
        !matches!(
            incident.status.as_str(),
            "resolved" | "postmortem" | "completed"
        ) && (mentions(incident.name.as_str())
            || incident
                .components
                .iter()
                .any(|c| mentions(c.name.as_str())))
    });
    if let Some(incident) = open {
        return Verdict::Problem(Problem::Incident(
            format!("{} ({})", incident.name, readable(&incident.status)).into(),
        ));
    }
    match summary
        .components
        .iter()
        .find(|c| mentions(c.name.as_str()) && c.status.as_str() != "operational")
    {
        Some(component) => Verdict::Problem(Problem::Incident(
            format!("{}: {}", component.name, readable(&component.status)).into(),
        )),
        None => Verdict::Ok,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VISMA: &str = r#"{"page":{"name":"Visma"},"status":{"indicator":"minor"},
        "components":[{"id":"a1","name":"CP - Visma Connect","status":"degraded_performance"},
                      {"id":"b2","name":"Other","status":"operational"}],"incidents":[]}"#;

    #[test]
    fn component_by_name() {
        assert_eq!(
            component_verdict(VISMA.as_bytes(), "CP - Visma Connect"),
            Verdict::Problem(Problem::Incident(
                "CP - Visma Connect: degraded performance".into()
            ))
        );
        assert_eq!(component_verdict(VISMA.as_bytes(), "Other"), Verdict::Ok);
        assert!(matches!(
            component_verdict(VISMA.as_bytes(), "Missing"),
            Verdict::Problem(Problem::Unexpected(_))
        ));
        assert!(matches!(
            component_verdict(b"<html>", "x"),
            Verdict::Problem(Problem::Unexpected(_))
        ));
    }

    #[test]
    fn unresolved_incidents_only() {
        let open = r#"{"components":[],"incidents":[
            {"name":"Treg innlogging i ID-porten","status":"investigating","components":[]},
            {"name":"Old","status":"resolved","components":[{"name":"ID-porten","status":"operational"}]}]}"#;
        assert_eq!(
            incident_verdict(open.as_bytes(), "ID-porten"),
            Verdict::Problem(Problem::Incident(
                "Treg innlogging i ID-porten (investigating)".into()
            ))
        );
        let resolved = r#"{"components":[{"name":"ID-porten","status":"operational"}],"incidents":[
            {"name":"ID-porten nede","status":"resolved","components":[]}]}"#;
        assert_eq!(
            incident_verdict(resolved.as_bytes(), "ID-porten"),
            Verdict::Ok
        );
        let degraded =
            r#"{"components":[{"name":"ID-porten","status":"partial_outage"}],"incidents":[]}"#;
        assert_eq!(
            incident_verdict(degraded.as_bytes(), "ID-porten"),
            Verdict::Problem(Problem::Incident("ID-porten: partial outage".into()))
        );
    }
}
