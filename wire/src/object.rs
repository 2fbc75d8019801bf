//! Request bodies that must be JSON objects. serde's derived `Deserialize` of a struct also
//! takes an array of its fields in order (`["B", null]` as a patch), which no client means;
//! these types derive with `#[serde(remote = "Self")]`, which turns the derived code into
//! inherent functions, and [`object_only!`] implements the traits around them: `Serialize` as
//! derived, `Deserialize` through `deserialize_map`.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, Visitor};

/// A type whose derived (inherent) deserializer is to be fed objects only.
pub(crate) trait FromObject<'de>: Sized {
    /// What the type is, for "invalid type: ..., expected ..." messages.
    const EXPECTING: &'static str;

    /// The derived deserializer, run on the object's entries.
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Visits a map for a [`FromObject`] type; anything else is an "invalid type" error.
pub(crate) struct ObjectVisitor<T>(pub(crate) PhantomData<T>);

impl<'de, T: FromObject<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// Implements `Serialize` (as derived) and an objects-only `Deserialize` for a struct derived
/// with `#[serde(remote = "Self")]`.
macro_rules! object_only {
    ($type:ident, $expecting:literal) => {
        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                $type::serialize(self, serializer)
            }
        }

        impl<'de> crate::object::FromObject<'de> for $type {
            const EXPECTING: &'static str = $expecting;

            fn from_map<A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
                $type::deserialize(serde::de::value::MapAccessDeserializer::new(map))
            }
        }

        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_map(crate::object::ObjectVisitor(std::marker::PhantomData))
            }
        }
    };
}
