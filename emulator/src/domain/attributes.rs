//! Sequence attributes: their byte budget, and the wire form with its usage.

use nexus_wire::{SequenceAttributes, ATTRIBUTE_BYTES_TOTAL};
use std::collections::BTreeMap;

/// UTF-8 bytes of every key and value of an attribute map.
pub fn bytes_used(items: &BTreeMap<String, String>) -> u64 {
    items.iter().map(|(k, v)| (k.len() + v.len()) as u64).sum()
}

/// The wire form of a map: the map with its `bytesUsed` and `bytesTotal`.
pub fn to_wire(items: BTreeMap<String, String>) -> SequenceAttributes {
    SequenceAttributes {
        bytes_used: bytes_used(&items),
        bytes_total: ATTRIBUTE_BYTES_TOTAL,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_used_counts_utf8_bytes_of_keys_and_values() {
        let items = BTreeMap::from([
            ("report0".to_string(), "...".to_string()),
            ("report1".to_string(), "...".to_string()),
        ]);
        assert_eq!(bytes_used(&items), 20);
        let items = BTreeMap::from([("é".to_string(), "日本".to_string())]);
        assert_eq!(bytes_used(&items), 2 + 6);
    }
}
