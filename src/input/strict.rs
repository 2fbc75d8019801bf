//! [`Strict`]: an object read key by key, whatever its Rust type (a struct or a map).
//!
//! serde-wasm-bindgen reads a struct by looking up its declared fields one by one, so an unknown
//! key (a typo such as `asset_filname`) would pass silently and a field with an alias would be
//! looked up under both names, and found twice. Reading the object as a map instead hands the
//! derived visitor every key that is there and nothing else: `deny_unknown_fields` then rejects
//! typos, aliases work, and two spellings of one field are a "duplicate field" error.
//!
//! It also keeps arrays away from serde-wasm-bindgen's map reading, which takes an array for a
//! list of `[key, value]` pairs and reads `pair[0]` of each element through a call that does not
//! catch: `[undefined]` where a map is expected would throw inside wasm.

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};

/// A `T` (a struct with `deny_unknown_fields`, or a map) read from a plain object, key by key;
/// anything but an object is refused.
#[derive(Clone, Debug, PartialEq)]
pub struct Strict<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Strict<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `any`, not `map`: serde-wasm-bindgen would read an array as a map of its pairs.
        deserializer
            .deserialize_any(StrictVisitor(PhantomData))
            .map(Strict)
    }
}

struct StrictVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for StrictVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map))
    }
}
