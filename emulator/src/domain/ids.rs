//! What the emulator accepts as an id or a secret key it is given (admin API, fixtures).

/// 1 to 256 characters of `A-Z`, `a-z`, `0-9`, `_` and `-`: the contract's id rule.
pub use nexus_wire::rules::is_valid_id as valid_id;

/// What [`valid_id`] asks for, as an error message.
pub const ID_RULE: &str = "expected 1 to 256 characters of A-Z, a-z, 0-9, _ and -";

/// 1 to 256 visible ASCII characters.
pub fn valid_secret_key(key: &str) -> bool {
    (1..=256).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic())
}

/// What [`valid_secret_key`] asks for, as an error message.
pub const SECRET_KEY_RULE: &str = "expected 1 to 256 visible ASCII characters";
