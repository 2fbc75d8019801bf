//! Writes the JavaScript side of the names defined in `nexus-wire`, so that the package never
//! holds a copy of them: `scripts/build-package.sh` runs it at build time.
//!
//! `nexus-wire-js enums` prints the ES module of frozen enum objects (`enums.js`);
//! `nexus-wire-js errors` prints one `errorClass` line per [`ErrorKind`] (the tail of
//! `errors.js`); `nexus-wire-js declarations` prints their TypeScript declarations (the tail of
//! `index.d.ts`); `nexus-wire-js proxy` prints the route table, header names, error codes and id
//! syntax the package's proxy handler uses (the tail of `proxy.js`). The doc comment of each enum, variant and error kind becomes its JSDoc; the
//! values are what serde writes, checked here to be the variant names.

use std::fmt::Write as _;
use std::process::ExitCode;

use heck::ToShoutySnakeCase;
use nexus_wire::routes::{self, Route};
use nexus_wire::rules::{header, ID_PATTERN};
use nexus_wire::{
    error_code, ErrorKind, SequenceBulkUpdateAbortMode, SequenceBulkUpdateActionKind,
    SequenceBulkUpdateResult, SequenceMergeMode,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use syn::{Attribute, Expr, ItemEnum, Lit, Meta};

/// The sources whose doc comments become JSDoc.
const SOURCES: [&str; 2] = [include_str!("../bulk.rs"), include_str!("../errors.rs")];

/// One enum as JavaScript sees it: its doc and its `(CONSTANT, value, doc)` members.
struct JsEnum {
    name: &'static str,
    doc: String,
    members: Vec<(String, String, String)>,
}

fn main() -> ExitCode {
    let which = std::env::args().nth(1).unwrap_or_default();
    let enums = match js_enums() {
        Ok(enums) => enums,
        Err(error) => return fail(&error),
    };
    let errors = match error_classes() {
        Ok(errors) => errors,
        Err(error) => return fail(&error),
    };
    let text = match which.as_str() {
        "enums" => enums_module(&enums),
        "errors" => errors_module(&errors),
        "declarations" => declarations(&enums, &errors),
        "proxy" => proxy_module(),
        _ => return fail("usage: nexus-wire-js enums|errors|declarations|proxy"),
    };
    print!("{text}");
    ExitCode::SUCCESS
}

fn fail(message: &str) -> ExitCode {
    eprintln!("nexus-wire-js: {message}");
    ExitCode::FAILURE
}

/// The enums of the package, in the order they are exported.
fn js_enums() -> Result<Vec<JsEnum>, String> {
    Ok(vec![
        js_enum::<SequenceBulkUpdateAbortMode>("SequenceBulkUpdateAbortMode")?,
        js_enum::<SequenceBulkUpdateResult>("SequenceBulkUpdateResult")?,
        js_enum::<SequenceMergeMode>("SequenceMergeMode")?,
        js_enum::<SequenceBulkUpdateActionKind>("SequenceBulkUpdateActionKind")?,
    ])
}

/// The enum `name` of the sources; each variant's wire value is what serde writes for it.
fn js_enum<T: Serialize + DeserializeOwned>(name: &'static str) -> Result<JsEnum, String> {
    let item = find_enum(name)?;
    let members = item
        .variants
        .iter()
        .map(|variant| {
            let ident = variant.ident.to_string();
            let value: T = serde_json::from_value(ident.clone().into())
                .map_err(|e| format!("{name}::{ident}: {e}"))?;
            let written = serde_json::to_value(value).map_err(|e| e.to_string())?;
            match written.as_str() {
                Some(text) if text == ident => Ok((
                    ident.to_shouty_snake_case(),
                    ident,
                    doc_of(&variant.attrs, name)?,
                )),
                _ => Err(format!("{name}::{ident} is written as {written}")),
            }
        })
        .collect::<Result<_, String>>()?;
    Ok(JsEnum {
        name,
        doc: doc_of(&item.attrs, name)?,
        members,
    })
}

/// `(class name, doc)` of every error kind, in the order of [`ErrorKind::ALL`].
fn error_classes() -> Result<Vec<(&'static str, String)>, String> {
    let item = find_enum("ErrorKind")?;
    if item.variants.len() != ErrorKind::ALL.len() {
        return Err("ErrorKind::ALL does not list every variant".into());
    }
    ErrorKind::ALL
        .iter()
        .zip(&item.variants)
        .map(|(kind, variant)| {
            let class = kind.class_name();
            if class != format!("{}Error", variant.ident) {
                return Err(format!("{kind:?}: ALL is not in declaration order"));
            }
            Ok((class, doc_of(&variant.attrs, class)?))
        })
        .collect()
}

fn find_enum(name: &str) -> Result<ItemEnum, String> {
    for source in SOURCES {
        let file = syn::parse_file(source).map_err(|e| e.to_string())?;
        for item in file.items {
            if let syn::Item::Enum(item) = item {
                if item.ident == name {
                    return Ok(item);
                }
            }
        }
    }
    Err(format!("no enum {name} in the sources"))
}

/// The doc comment of `attrs` as one line of text.
fn doc_of(attrs: &[Attribute], owner: &str) -> Result<String, String> {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .filter_map(|attr| match &attr.meta {
            Meta::NameValue(pair) => match &pair.value {
                Expr::Lit(lit) => match &lit.lit {
                    Lit::Str(text) => Some(text.value().trim().to_owned()),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        })
        .collect();
    if lines.is_empty() {
        return Err(format!("{owner} has no doc comment"));
    }
    Ok(lines.join(" "))
}

const GENERATED: &str = "Generated from the nexus-wire crate by scripts/build-package.sh \
(nexus-wire-js); edit the Rust definitions instead.";

fn enums_module(enums: &[JsEnum]) -> String {
    let mut out = format!("// {GENERATED}\n");
    for js in enums {
        let _ = write!(
            out,
            "\n/** {} */\nexport const {} = Object.freeze({{\n",
            js.doc, js.name
        );
        for (constant, value, _) in &js.members {
            let _ = writeln!(out, "  {constant}: \"{value}\",");
        }
        out.push_str("});\n");
    }
    out
}

fn errors_module(errors: &[(&str, String)]) -> String {
    let mut out = format!("\n// One class per error kind. {GENERATED}\n");
    for (class, _) in errors {
        let _ = writeln!(out, "export const {class} = errorClass(\"{class}\");");
    }
    out
}

fn declarations(enums: &[JsEnum], errors: &[(&str, String)]) -> String {
    let mut out = format!(
        "\n// ---------------------------------------------------------------------------------------\n\
         // {GENERATED}\n\n\
         // Enums: frozen objects whose values are the wire strings, and the union of those values.\n"
    );
    for js in enums {
        let name = js.name;
        let _ = write!(
            out,
            "\nimport type {{ {name} as {name}Value }} from \"./types.js\";\n\
             /** {} */\nexport declare const {name}: {{\n",
            js.doc
        );
        for (constant, value, doc) in &js.members {
            let _ = writeln!(out, "  /** {doc} */\n  readonly {constant}: \"{value}\";");
        }
        let _ = writeln!(
            out,
            "}};\n/** A value of {{@link {name}}}. */\nexport type {name} = {name}Value;"
        );
    }
    out.push_str("\n// Error classes, one per kind of failure.\n");
    for (class, doc) in errors {
        // The detail of a validation error has a shape of its own (declared in index.d.ts).
        let body = if *class == ErrorKind::Validation.class_name() {
            "{\n  /** Where the bad value is; `null` only for errors constructed without one. */\n  \
             readonly detail: ValidationErrorDetail | null;\n}"
        } else {
            "{}"
        };
        let _ = writeln!(
            out,
            "/** {doc} */\nexport declare class {class} extends NexusError {body}"
        );
    }
    out
}

/// `const NAME = Object.freeze({ KEY: "value", ... });`, the values written as JSON strings.
fn frozen_object(name: &str, pairs: &[(&str, &str)]) -> String {
    let members: Vec<String> = pairs
        .iter()
        .map(|(key, value)| format!("  {key}: {},", serde_json::Value::from(*value)))
        .collect();
    format!(
        "const {name} = Object.freeze({{\n{}\n}});\n",
        members.join("\n")
    )
}

fn proxy_module() -> String {
    let json = |text: &str| serde_json::Value::from(text).to_string();
    let mut out = format!("\n// The contract's routes and names, for the proxy. {GENERATED}\n");
    out.push_str(&frozen_object(
        "HEADER",
        &[
            ("SECRET_KEY", header::SECRET_KEY),
            ("IDEMPOTENCY_KEY", header::IDEMPOTENCY_KEY),
            ("REQUEST_ID", header::REQUEST_ID),
            ("RETRY_AFTER", header::RETRY_AFTER),
            ("IDEMPOTENT_REPLAYED", header::IDEMPOTENT_REPLAYED),
        ],
    ));
    out.push_str(&frozen_object(
        "ERROR_CODE",
        &[
            ("BAD_REQUEST", error_code::BAD_REQUEST),
            ("FORBIDDEN", error_code::FORBIDDEN),
            ("RESOURCE_NOT_FOUND", error_code::RESOURCE_NOT_FOUND),
            ("METHOD_NOT_ALLOWED", error_code::METHOD_NOT_ALLOWED),
            ("PAYLOAD_TOO_LARGE", error_code::PAYLOAD_TOO_LARGE),
            ("BAD_GATEWAY", error_code::BAD_GATEWAY),
            ("INTERNAL_SERVER", error_code::INTERNAL_SERVER),
        ],
    ));
    let routes: Vec<String> = Route::ALL
        .iter()
        .map(|route| {
            let methods: Vec<String> = route.methods().iter().map(|m| json(m)).collect();
            format!(
                "  Object.freeze({{ segment: {}, sequenceId: {}, methods: Object.freeze([{}]) }}),",
                json(route.segment()),
                route.has_sequence_id(),
                methods.join(", ")
            )
        })
        .collect();
    let _ = write!(
        out,
        "const ROUTES = Object.freeze([\n{}\n]);\n\
         const DEFAULT_ENDPOINT = {};\n\
         const PROJECTS_SEGMENT = {};\n\
         const PROJECT_ID_PREFIX = {};\n\
         const ID_PATTERN = new RegExp({});\n",
        routes.join("\n"),
        json(routes::DEFAULT_ENDPOINT),
        json(routes::PROJECTS),
        json(routes::PROJECT_ID_PREFIX),
        json(ID_PATTERN)
    );
    out
}
