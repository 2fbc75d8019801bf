//! What the test attempted, and the all-or-nothing check of what the database kept.

use std::collections::{BTreeMap, HashMap, HashSet};

use nexus_emulator_testkit::link_in_order;
use nexus_wire::{
    Action, BulkUpdateRequest, Sequence, SequenceBulkUpdateAbortMode, SequenceItem,
    SequenceMergeMode, SequencePatch, SequenceRef,
};

/// Prefix of every sequence the test creates.
const NAME_PREFIX: &str = "crash-";

/// How far one bulk update got, as the client saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Sent, no answer yet (or none ever: the emulator was killed).
    InFlight,
    /// 200 with every action `Ok`: it must survive the kill.
    Acknowledged,
    /// Any other answer to a valid bulk update: an emulator bug in itself.
    Refused(String),
}

/// One bulk update: link `assets` (ords 0..) into the new sequence `crash-<number>` and set
/// its attributes to `{"bulk": "<number>"}`, all or nothing.
#[derive(Debug, Clone)]
pub struct Attempt {
    /// Unique across the whole test; names the sequence.
    pub number: u64,
    /// Fresh assets, in ord order.
    pub assets: Vec<String>,
    /// What the client saw.
    pub outcome: Outcome,
}

impl Attempt {
    /// The sequence this attempt creates.
    pub fn sequence_name(&self) -> String {
        format!("{NAME_PREFIX}{}", self.number)
    }

    /// The request body: one Link per asset, then a PatchSequence by name, AbortOnAnyFailed.
    pub fn body(&self) -> String {
        let name = self.sequence_name();
        let mut actions = link_in_order(
            &name,
            &self.assets,
            SequenceMergeMode::RejectSequenceOperation,
        );
        actions.push(Action::PatchSequence {
            sequence: SequenceRef::Name(name),
            patch: SequencePatch {
                name: None,
                attributes: Some(self.expected_attributes()),
            },
        });
        let request = BulkUpdateRequest {
            actions,
            abort_mode: SequenceBulkUpdateAbortMode::AbortOnAnyFailed,
        };
        serde_json::to_string(&request).expect("a bulk update serializes")
    }

    /// The items the sequence must hold if the attempt was applied.
    fn expected_items(&self) -> Vec<SequenceItem> {
        (0u32..)
            .zip(&self.assets)
            .map(|(ord, asset_id)| SequenceItem {
                asset_id: asset_id.clone(),
                ord,
                role: None,
            })
            .collect()
    }

    /// The attributes the sequence must hold if the attempt was applied.
    fn expected_attributes(&self) -> BTreeMap<String, String> {
        BTreeMap::from([("bulk".to_string(), self.number.to_string())])
    }
}

/// The result of checking the database against every attempt.
#[derive(Debug, Default)]
pub struct Verdict {
    /// Attempts found wholly applied.
    pub applied: usize,
    /// Attempts found not applied at all.
    pub absent: usize,
    /// Attempts cut off by a kill (no answer) that were found applied: committed, but the
    /// answer never arrived.
    pub unanswered_applied: usize,
    /// Everything that breaks all-or-nothing or durability, one line each.
    pub violations: Vec<String>,
}

/// Checks that each attempt is either wholly applied or not at all, that every acknowledged
/// one is applied, and that no other `crash-` sequence exists.
pub fn check(attempts: &[Attempt], sequences: &[Sequence]) -> Verdict {
    let by_name: HashMap<&str, &Sequence> =
        sequences.iter().map(|s| (s.name.as_str(), s)).collect();
    let home_of_asset: HashMap<&str, &str> = sequences
        .iter()
        .flat_map(|s| {
            s.items
                .iter()
                .map(move |i| (i.asset_id.as_str(), s.name.as_str()))
        })
        .collect();
    let mut verdict = Verdict::default();

    for attempt in attempts {
        let name = attempt.sequence_name();
        if let Outcome::Refused(answer) = &attempt.outcome {
            verdict.violations.push(format!(
                "{name}: a valid bulk update was refused before the kill: {answer}"
            ));
        }
        match by_name.get(name.as_str()) {
            Some(sequence) => {
                verdict.applied += 1;
                if attempt.outcome == Outcome::InFlight {
                    verdict.unanswered_applied += 1;
                }
                if sequence.items != attempt.expected_items() {
                    verdict.violations.push(format!(
                        "{name}: partly applied: expected {} items with ords 0..{}, found {:?}",
                        attempt.assets.len(),
                        attempt.assets.len(),
                        sequence.items
                    ));
                }
                if sequence.attributes.items != attempt.expected_attributes() {
                    verdict.violations.push(format!(
                        "{name}: partly applied: links present but attributes are {:?}",
                        sequence.attributes.items
                    ));
                }
            }
            None => {
                verdict.absent += 1;
                if attempt.outcome == Outcome::Acknowledged {
                    verdict.violations.push(format!(
                        "{name}: acknowledged with 200 but lost after the kill"
                    ));
                }
                for asset in &attempt.assets {
                    if let Some(home) = home_of_asset.get(asset.as_str()) {
                        verdict.violations.push(format!(
                            "{name}: partly applied: sequence absent but its asset {asset} is in {home}"
                        ));
                    }
                }
            }
        }
    }

    let attempted: HashSet<String> = attempts.iter().map(Attempt::sequence_name).collect();
    for sequence in sequences {
        if sequence.name.starts_with(NAME_PREFIX) && !attempted.contains(&sequence.name) {
            verdict
                .violations
                .push(format!("{}: exists but was never attempted", sequence.name));
        }
    }
    verdict
}

/// The check itself must catch what it is there to catch.
mod self_check {
    use super::*;
    use serde_json::{json, Value};

    fn attempt(number: u64, outcome: Outcome) -> Attempt {
        let assets = (0..3).map(|i| format!("asset_{number}_{i}")).collect();
        Attempt {
            number,
            assets,
            outcome,
        }
    }

    fn sequence(name: &str, assets: &[String], bulk: u64) -> Sequence {
        let items: Vec<Value> = assets
            .iter()
            .enumerate()
            .map(|(ord, id)| json!({"assetId": id, "ord": ord, "role": null}))
            .collect();
        let value = json!({
            "id": format!("seq_{name}"), "name": name, "length": items.len(),
            "projectId": "proj_self_check", "items": items, "itemCountWithRole": {},
            "attributes": {"bytesUsed": 0, "bytesTotal": 1_048_576, "items": {"bulk": bulk.to_string()}},
            "createDate": 0, "updateDate": 0
        });
        serde_json::from_value(value).expect("a well-formed sequence")
    }

    #[test]
    fn check_flags_lost_partial_and_stray_updates() {
        let whole = attempt(0, Outcome::Acknowledged);
        let lost = attempt(1, Outcome::Acknowledged);
        let partial_links = attempt(2, Outcome::InFlight);
        let stray_asset = attempt(3, Outcome::InFlight);
        let absent = attempt(4, Outcome::InFlight);
        let sequences = vec![
            sequence("crash-0", &whole.assets, 0),
            sequence("crash-2", &partial_links.assets[..2], 2),
            sequence("other", &stray_asset.assets[..1], 9),
            sequence("crash-99", &[], 99),
        ];
        let attempts = [whole, lost, partial_links, stray_asset, absent];

        let verdict = check(&attempts, &sequences);

        assert_eq!((verdict.applied, verdict.absent), (2, 3));
        assert_eq!(verdict.unanswered_applied, 1);
        let expected = [
            "crash-1: acknowledged with 200 but lost",
            "crash-2: partly applied: expected 3 items",
            "crash-3: partly applied: sequence absent but its asset asset_3_0 is in other",
            "crash-99: exists but was never attempted",
        ];
        assert_eq!(
            verdict.violations.len(),
            expected.len(),
            "{:?}",
            verdict.violations
        );
        for (violation, start) in verdict.violations.iter().zip(expected) {
            assert!(
                violation.starts_with(start),
                "{violation:?} should start with {start:?}"
            );
        }
    }
}
