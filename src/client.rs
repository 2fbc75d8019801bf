//! `new Client(secretKey, options?)`: the entry point of the SDK.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use crate::input::ids::project_id;
use crate::input::options::ClientSettings;
use crate::project::Project;
use crate::security::{Endpoint, SecretKey};
use crate::transport::Transport;

/// A client of the Nexus API, holding the secret key, the endpoint and the default retry,
/// timeout and abort settings.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Client {
    transport: Rc<Transport>,
}

#[wasm_bindgen]
impl Client {
    /// `new Client(secretKey, {endpoint?, maxRetries?, timeoutMs?, signal?, allowInsecureHttp?})`.
    ///
    /// Throws a `ValidationError` for a bad key or options, including an `http://` endpoint to a
    /// host that is not loopback without `allowInsecureHttp: true`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(js_name = "secretKey")] secret_key: JsValue,
        options: JsValue,
    ) -> Result<Client, JsValue> {
        let key = SecretKey::new(secret_key.as_string())?;
        let settings = ClientSettings::read(&options)?;
        let endpoint = Endpoint::parse(settings.endpoint.as_deref(), settings.allow_insecure_http)?;
        Ok(Client {
            transport: Rc::new(Transport::new(
                endpoint,
                key,
                settings.policy,
                settings.signal,
            )),
        })
    }

    /// The project `projectId` (`proj_` is added when missing). Throws a `ValidationError`
    /// for an id that is not `[A-Za-z0-9_-]`.
    #[wasm_bindgen(js_name = getProject)]
    pub fn get_project(
        &self,
        #[wasm_bindgen(js_name = "projectId")] project_id_arg: JsValue,
    ) -> Result<Project, JsValue> {
        let id = project_id(&project_id_arg)?;
        Ok(Project::new(self.transport.clone(), id))
    }
}
