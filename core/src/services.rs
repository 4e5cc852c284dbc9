//! The services the guide's steps depend on and their checks, declared once, in the table at
//! the end of this file. Each row gives a service's name, where its check's address comes from
//! and what a healthy answer looks like. From the table come
//! - [`ServiceId`] and its name, as the guide's pages (`service = "recaptcha"`) and
//!   `--check --json` write it;
//! - the `checks.<name>` configuration key and its default, for each service with an address
//!   of its own (`config::Endpoints`; so the key table, `--print-config`, the policy registry
//!   and the tests of the README and the ADMX template follow);
//! - the checks and their order (`checks::plan`);
//! - the service's name in each language: `service.<name>` in `assets/i18n/*.toml`
//!   ([`ServiceNames`]; a language file without it does not load).
//!
//! Adding a check is one row here, its name in the three language files, the rows the
//! README's key table and the ADMX template (with both ADML files) must have (tests compare
//! them with the key table), and its healthy answer on the tests' loopback server
//! (`test_support::loopback::healthy_route`, whose match the compiler makes complete).

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Issuers the OpenID discovery documents must name. Another issuer means someone else answered.
pub const CONNECT_ISSUER: &str = "https://connect.visma.com";
pub const IDPORTEN_ISSUER: &str = "https://idporten.no";
/// The Statuspage component that stands for Visma Connect (resolved by name: ids change).
pub const VISMA_CONNECT_COMPONENT: &str = "CP - Visma Connect";
/// What to look for on Digdir's status page.
pub const IDPORTEN_NAME: &str = "ID-porten";

/// What a healthy answer looks like.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// An HTML page (HTTP 200).
    Page,
    /// A JavaScript file, not an HTML page (a captive portal answers with HTML).
    Script,
    /// An OpenID discovery document with this issuer.
    Issuer(String),
    /// Any answer from the server: 2xx, 3xx, 401 or 403.
    Reachable,
    /// A Statuspage summary whose named component is operational.
    StatusComponent(String),
    /// A Statuspage summary with no unresolved incident mentioning this name.
    NoIncident(String),
}

/// Where a check's address comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Address {
    /// Its own configuration key, `checks.<name>`, with this default.
    Endpoint { default: &'static str },
    /// The kommune's Visma Enterprise address (`kommune.visma_enterprise_url`); unset, the
    /// check is skipped.
    VismaEnterprise,
}

macro_rules! services {
    ($( $(#[$doc:meta])* $id:ident $name:ident: $address:expr, $expect:expr; )*) => {
        /// A service a step depends on; its check's status shows inline on that step.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ServiceId {
            $( $(#[$doc])* $id, )*
        }

        impl ServiceId {
            /// Every service, in the order the user meets them: the order of the checks.
            pub const ALL: &[ServiceId] = &[$(Self::$id),*];
            const NAMES: &[&str] = &[$(stringify!($name)),*];

            /// Its name in the guide, the configuration, the language files and `--check --json`.
            pub fn name(self) -> &'static str {
                match self {
                    $( Self::$id => stringify!($name), )*
                }
            }

            pub fn address(self) -> Address {
                match self {
                    $( Self::$id => $address, )*
                }
            }

            pub fn expect(self) -> Expect {
                match self {
                    $( Self::$id => $expect, )*
                }
            }

            /// `checks.<name>`, when the address is an [`Address::Endpoint`].
            pub fn endpoint_key(self) -> Option<&'static str> {
                let key = match self {
                    $( Self::$id => concat!("checks.", stringify!($name)), )*
                };
                matches!(self.address(), Address::Endpoint { .. }).then_some(key)
            }
        }

        /// Each service's name in one language: `service.<name>` in `assets/i18n/*.toml`.
        #[derive(Clone, Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct ServiceNames {
            $( $name: String, )*
        }

        impl ServiceNames {
            pub fn get(&self, id: ServiceId) -> &str {
                match id {
                    $( ServiceId::$id => &self.$name, )*
                }
            }

            /// Every name with its key, for completeness checks.
            pub fn entries(&self) -> Vec<(&'static str, &str)> {
                vec![$( (concat!("service.", stringify!($name)), self.$name.as_str()), )*]
            }
        }
    };
}

services! {
    /// Visma's account settings page, where the wrong e-mail address is unlinked.
    AccountSettings account_settings:
        Address::Endpoint { default: "https://accountsettings.connect.visma.com" },
        Expect::Page;
    /// Visma Connect's login, by its OpenID discovery document.
    ConnectDiscovery connect_discovery:
        Address::Endpoint {
            default: "https://connect.visma.com/.well-known/openid-configuration",
        },
        Expect::Issuer(CONNECT_ISSUER.to_owned());
    /// The reCAPTCHA script Visma's login pages load.
    Recaptcha recaptcha:
        Address::Endpoint { default: "https://www.google.com/recaptcha/api.js" },
        Expect::Script;
    /// The kommune's own Visma Enterprise.
    VismaEnterprise visma_enterprise:
        Address::VismaEnterprise,
        Expect::Reachable;
    /// ID-porten's login, by its OpenID discovery document.
    IdportenDiscovery idporten_discovery:
        Address::Endpoint { default: "https://idporten.no/.well-known/openid-configuration" },
        Expect::Issuer(IDPORTEN_ISSUER.to_owned());
    /// Visma's status page, for Visma Connect.
    VismaStatus visma_status:
        Address::Endpoint { default: "https://status.visma.com/api/v2/summary.json" },
        Expect::StatusComponent(VISMA_CONNECT_COMPONENT.to_owned());
    /// Digdir's status page, for ID-porten.
    DigdirStatus digdir_status:
        Address::Endpoint { default: "https://status.digdir.no/api/v2/summary.json" },
        Expect::NoIncident(IDPORTEN_NAME.to_owned());
}

impl ServiceId {
    /// The service of that name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|id| id.name() == name)
    }

    /// The service whose address `checks.<name>` sets.
    pub fn from_endpoint_key(key: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|id| id.endpoint_key() == Some(key))
    }
}

impl Serialize for ServiceId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for ServiceId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        Self::from_name(&name).ok_or_else(|| D::Error::unknown_variant(&name, Self::NAMES))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_ones_are_refused_by_name() {
        for &id in ServiceId::ALL {
            let json = serde_json::to_string(&id).expect("serialize");
            assert_eq!(json, format!("\"{}\"", id.name()));
            assert_eq!(serde_json::from_str::<ServiceId>(&json).ok(), Some(id));
        }
        let error = serde_json::from_str::<ServiceId>("\"recapcha\"").expect_err("unknown");
        assert!(
            error
                .to_string()
                .contains("expected one of `account_settings`"),
            "{error}"
        );
    }

    #[test]
    fn each_endpoint_key_names_its_service() {
        let keys: Vec<&str> = ServiceId::ALL
            .iter()
            .filter_map(|id| id.endpoint_key())
            .collect();
        assert!(!keys.is_empty());
        for &id in ServiceId::ALL {
            if let Some(key) = id.endpoint_key() {
                assert_eq!(key, format!("checks.{}", id.name()));
                assert_eq!(ServiceId::from_endpoint_key(key), Some(id));
            }
        }
        assert_eq!(ServiceId::VismaEnterprise.endpoint_key(), None);
    }
}
