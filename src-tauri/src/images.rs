//! The `wzimg:` protocol: the reader's remote images, fetched by the app, never by the webview.
//!
//! Imported HTML keeps images only as `<img data-wz-src="https://…">` placeholders, and the CSP
//! allows no remote origin, so by default nothing in an article loads from the network. When
//! the user allows images for one article, the reader points each placeholder at
//! `wzimg://localhost/<article>/<n>` (`http://wzimg.localhost/…` on Windows). This handler
//! asks the library for the n-th image URL of that article — `None` unless the user allowed
//! it — so the webview cannot make the app fetch anything else, then fetches it with an HTTP
//! client that has no cookie store and sends no Referer, and answers with the bytes only when
//! they are an image of bounded size.

use crate::state::AppState;
use std::borrow::Cow;
use std::time::Duration;
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

pub const SCHEME: &str = "wzimg";

/// An article image larger than this is refused (a 10 MB photo is already generous).
const MAX_IMAGE_BYTES: u64 = 10 * 1024 * 1024;

pub fn handle<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let state = ctx.app_handle().state::<AppState>();
    let library = state.library();
    let always = state
        .images_always
        .load(std::sync::atomic::Ordering::Relaxed);
    let path = request.uri().path().replace("%2F", "/").replace("%2f", "/");
    // Network and SQLite work off the webview's thread.
    tauri::async_runtime::spawn_blocking(move || {
        let reply = match (library, parse_path(&path)) {
            (Err(e), _) => text(StatusCode::SERVICE_UNAVAILABLE, &e.message),
            (_, None) => text(StatusCode::BAD_REQUEST, "expected /<article>/<image>"),
            (Ok(lib), Some((id, n))) => match image_url(&lib, id, n, always) {
                Err(e) => text(StatusCode::NOT_FOUND, &e.to_string()),
                Ok(None) => text(StatusCode::FORBIDDEN, "images of this article are blocked"),
                Ok(Some(url)) => match fetch(&url) {
                    Ok((mime, bytes)) => Response::builder()
                        .header(header::CONTENT_TYPE, mime)
                        .header(header::CACHE_CONTROL, "max-age=86400")
                        .body(Cow::Owned(bytes))
                        .unwrap_or_else(|e| {
                            text(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string())
                        }),
                    Err(e) => text(StatusCode::BAD_GATEWAY, &format!("{url}: {e}")),
                },
            },
        };
        responder.respond(reply);
    });
}

/// `/<article id>/<image index>`.
fn parse_path(path: &str) -> Option<(i64, usize)> {
    let mut parts = path.trim_matches('/').split('/');
    let id = parts.next()?.parse().ok()?;
    let n = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some((id, n))
}

fn text(status: StatusCode, message: &str) -> Response<Cow<'static, [u8]>> {
    let mut r = Response::new(Cow::Owned(message.as_bytes().to_vec()));
    *r.status_mut() = status;
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    r
}

/// GET `url` without cookies or Referer; only `image/*` answers of at most
/// [`MAX_IMAGE_BYTES`] are accepted.
fn fetch(url: &str) -> Result<(String, Vec<u8>), String> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(20)))
        .max_redirects(5)
        .build()
        .into();
    let mut resp = agent.get(url).call().map_err(|e| e.to_string())?;
    let mime = resp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    if !mime.starts_with("image/") {
        return Err(format!("not an image ({mime})"));
    }
    let bytes = resp
        .body_mut()
        .with_config()
        .limit(MAX_IMAGE_BYTES)
        .read_to_vec()
        .map_err(|e| e.to_string())?;
    Ok((mime, bytes))
}

/// The n-th image URL of an article: when the user allowed its images, or allows every
/// article's (Settings ▸ Remote images ▸ always).
fn image_url(
    lib: &wenzhai_library::Library,
    id: i64,
    n: usize,
    always: bool,
) -> Result<Option<String>, wenzhai_library::LibraryError> {
    if !always {
        return lib.allowed_image_url(id, n);
    }
    let a = lib.article(id)?;
    Ok(wenzhai_core::import::image_urls(&a.body_html)
        .into_iter()
        .nth(n))
}
