//! `new Client(secretKey, options?)`: the entry point of the SDK.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::input::ids::project_id;
use crate::input::options::ClientSettings;
use crate::project::Project;
use crate::security::{Endpoint, SecretKey};
use crate::transport::Transport;

/// Entry point: holds the secret key (or none, behind a server that adds it), endpoint and
/// defaults (retries, timeout, abort signal).
#[wasm_bindgen]
#[derive(Debug)]
pub struct Client {
    transport: Rc<Transport>,
}

#[wasm_bindgen]
impl Client {
    /// @param secretKey The project's secret key, sent as the `Secret-Key` header and only to
    ///   the configured endpoint; or `null` for a client that sends no key, for a page behind a
    ///   server that adds it (`nexus-sequences/proxy`), e.g.
    ///   `new Client(null, { endpoint: "/api/nexus" })`.
    /// @throws {ValidationError} on a malformed key, endpoint or option, including an `http://`
    ///   endpoint to a host that is not loopback without `allowInsecureHttp: true` (a client
    ///   without a key may use any), and an endpoint that is a path outside a page.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = "secretKey", unchecked_param_type = "string | null")]
        secret_key: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ClientOptions")] options: JsValue,
    ) -> Result<Client, JsValue> {
        let key = SecretKey::optional(&secret_key)?;
        let settings = ClientSettings::read(&options)?;
        // Plain http:// is refused to protect the key; a client without one has none to protect.
        let allow_insecure_http = settings.allow_insecure_http || key.is_none();
        let endpoint = Endpoint::parse(settings.endpoint.as_deref(), allow_insecure_http)?;
        Ok(Client {
            transport: Rc::new(
                Transport::new(endpoint, key, settings.policy, settings.signal)
                    .with_io(settings.io),
            ),
        })
    }

    /// A project of this client's workspace; makes no request.
    /// @param projectId `proj_…`, or the part after `proj_`.
    /// @throws {ValidationError} on a malformed id.
    #[wasm_bindgen(js_name = getProject)]
    pub fn get_project(
        &self,
        #[wasm_bindgen(js_name = "projectId", unchecked_param_type = "string")]
        project_id_arg: JsValue,
    ) -> Result<Project, JsValue> {
        let id = project_id(&project_id_arg)?;
        Ok(Project::new(self.transport.clone(), id))
    }
}
