//! Bulk-update actions the tests and the benchmark build, as `nexus-wire` values.

use nexus_wire::{Action, AssetRef, LinkTarget, SequenceLink, SequenceMergeMode};

/// One Link action per asset, by id, into the sequence `name` at ords 0, 1, ... with no role:
/// a new sequence holding exactly these assets in this order.
pub fn link_in_order(name: &str, assets: &[String], merge: SequenceMergeMode) -> Vec<Action> {
    (0u32..)
        .zip(assets)
        .map(|(ord, asset_id)| Action::Link {
            asset: AssetRef::Id(asset_id.clone()),
            sequence: LinkTarget::Sequence(SequenceLink {
                name: name.to_string(),
                merge,
                ord: Some(ord),
                role: None,
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_serialize_as_the_contract_spells_them() {
        let actions = link_in_order(
            "s",
            &["asset_a".to_string(), "asset_b".to_string()],
            SequenceMergeMode::RejectSequenceOperation,
        );
        let link = |id: &str, ord: u32| {
            serde_json::json!({"kind": "Link", "assetId": id,
                "sequence": {"name": "s", "merge": "RejectSequenceOperation", "ord": ord, "role": null}})
        };
        assert_eq!(
            serde_json::to_value(&actions).unwrap(),
            serde_json::json!([link("asset_a", 0), link("asset_b", 1)])
        );
    }
}
