//! The emulator's own admin API under `/_emulator/` (not part of the Nexus contract): the bodies
//! the emulator reads and writes and its test clients (the emulator's tests, the crash test, the
//! benchmark) send and read, defined once for both sides. Requests are read as the emulator
//! always has: unknown keys refused, absent optional keys read as `None`.

use serde::{Deserialize, Serialize};

/// `GET /_emulator/health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// Always `"ok"`.
    pub status: String,
    /// The emulator's version.
    pub version: String,
}

/// Body of `POST /_emulator/projects`: both keys optional, generated when absent; a key that
/// already exists joins the project to that key's workspace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewProject {
    /// The project id to use.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// The secret key to grant it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_key: Option<String>,
}

/// The answer to `POST /_emulator/projects`: a project and the key that grants it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Project {
    /// `proj_…`.
    pub project_id: String,
    /// Sent as `Secret-Key`.
    pub secret_key: String,
}

/// Body of `POST /_emulator/projects/{projectId}/assets`: exactly one of `assets` and `count`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewAssets {
    /// These assets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assets: Option<Vec<NewAsset>>,
    /// Or this many, named `{filenamePrefix}{i}.jpg`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    /// With `count`: the filename prefix (default `image_`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filename_prefix: Option<String>,
}

/// One asset to create, or (in [`AssetsCreated`]) created, with its id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewAsset {
    /// Unique within the project.
    pub filename: String,
    /// Generated when absent.
    pub asset_id: Option<String>,
}

/// The answer to `POST /_emulator/projects/{projectId}/assets`, in the order asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssetsCreated {
    /// Every asset with its id.
    pub assets: Vec<NewAsset>,
}

/// Body of `POST /_emulator/projects/{projectId}/sequences`: `count` sequences named
/// `{namePrefix}{i}`, each with `itemsPerSequence` fresh assets.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewSequences {
    /// How many sequences.
    pub count: u64,
    /// Items (fresh assets) in each.
    #[serde(default)]
    pub items_per_sequence: u64,
    /// Names are this prefix and a number (default `seq-`).
    #[serde(default = "default_name_prefix")]
    pub name_prefix: String,
}

fn default_name_prefix() -> String {
    "seq-".into()
}

/// The answer to `POST /_emulator/projects/{projectId}/sequences`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SequencesCreated {
    /// How many sequences were created.
    pub created: u64,
}
