//! Driving the real app: tauri-driver + WebKitWebDriver, one WebDriver session per launch,
//! and the measurements taken in the page (performance marks the UI sets).

use crate::procs::{self, Proc, TreePss};
use anyhow::{anyhow, bail, Context, Result};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// How often a page condition is polled.
const POLL: Duration = Duration::from_millis(25);

pub struct Env {
    pub tauri_driver: PathBuf,
    /// Canonical path of the app binary (what /proc/PID/exe shows).
    pub app: PathBuf,
    /// Longest wait for any one thing (a port, a mark, a row, a search).
    pub timeout: Duration,
    /// Where the per-launch webview profiles go.
    pub scratch: PathBuf,
}

pub fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// `tauri-driver` on PATH, else in ~/.cargo/bin.
pub fn find_tauri_driver() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("tauri-driver"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let in_cargo =
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin/tauri-driver"));
    on_path.into_iter().chain(in_cargo).find(|p| p.is_file())
}

pub fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
}

/// One launch of the app under tauri-driver with one WebDriver session.
pub struct Session {
    client: Option<Client>,
    driver: Option<Child>,
    driver_pid: u32,
    /// Wall-clock epoch ms taken right before the successful new-session request.
    pub t0_ms: f64,
    pub app_pid: Option<u32>,
    log: PathBuf,
    /// Kept until the session is over: the webview's data, cache and config.
    _profile: tempfile::TempDir,
}

impl Session {
    /// Start tauri-driver with `library` as the app's library and a fresh webview profile,
    /// then request a session (which launches the app).
    pub async fn launch(env: &Env, library: &Path) -> Result<Session> {
        let profile = tempfile::Builder::new()
            .prefix("wz-perf-profile-")
            .tempdir_in(&env.scratch)?;
        let port = free_port()?;
        let native_port = free_port()?;
        let log = profile.path().join("tauri-driver.log");
        let out = std::fs::File::create(&log)?;
        let driver = Command::new(&env.tauri_driver)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("WENZHAI_LIBRARY", library)
            .env("XDG_DATA_HOME", profile.path().join("data"))
            .env("XDG_CACHE_HOME", profile.path().join("cache"))
            .env("XDG_CONFIG_HOME", profile.path().join("config"))
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .with_context(|| format!("starting {}", env.tauri_driver.display()))?;
        let mut s = Session {
            driver_pid: driver.id(),
            client: None,
            driver: Some(driver),
            t0_ms: 0.0,
            app_pid: None,
            log,
            _profile: profile,
        };
        // Both tauri-driver and the WebKitWebDriver it starts must listen before t0.
        for p in [port, native_port] {
            s.wait_port(p, env.timeout)?;
        }
        let mut caps = serde_json::Map::new();
        caps.insert("tauri:options".into(), json!({ "application": env.app }));
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = String::new();
        for _attempt in 0..3 {
            s.t0_ms = epoch_ms();
            let attempt = tokio::time::timeout(
                env.timeout * 2,
                ClientBuilder::native()
                    .capabilities(caps.clone())
                    .connect(&url),
            )
            .await;
            match attempt {
                Ok(Ok(client)) => {
                    s.client = Some(client);
                    return Ok(s);
                }
                Ok(Err(e)) => last_error = e.to_string(),
                Err(_) => bail!(
                    "no WebDriver session within {:?} (tauri-driver log: {})",
                    env.timeout * 2,
                    s.log_tail()
                ),
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
        bail!(
            "no WebDriver session: {last_error} (tauri-driver log: {})",
            s.log_tail()
        )
    }

    pub fn client(&self) -> Result<&Client> {
        self.client
            .as_ref()
            .ok_or_else(|| anyhow!("session closed"))
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        let tail = lines[lines.len().saturating_sub(8)..].join(" | ");
        if tail.is_empty() {
            "empty".into()
        } else {
            tail
        }
    }

    fn wait_port(&mut self, port: u16, timeout: Duration) -> Result<()> {
        let deadline = Instant::now() + timeout;
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], port));
        loop {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if let Some(child) = self.driver.as_mut() {
                if let Ok(Some(status)) = child.try_wait() {
                    bail!(
                        "tauri-driver exited ({status}) before listening on {port}: {}",
                        self.log_tail()
                    );
                }
            }
            if Instant::now() >= deadline {
                bail!(
                    "nothing listened on port {port} within {timeout:?} (tauri-driver log: {})",
                    self.log_tail()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// The app's pid: a descendant of our tauri-driver running the app binary.
    pub async fn find_app(&mut self, app: &Path, timeout: Duration) -> Result<u32> {
        if let Some(pid) = self.app_pid {
            return Ok(pid);
        }
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(pid) = procs::find_app(self.driver_pid, app) {
                self.app_pid = Some(pid);
                return Ok(pid);
            }
            if Instant::now() >= deadline {
                bail!(
                    "no process running {} under tauri-driver (pid {}) within {timeout:?}",
                    app.display(),
                    self.driver_pid
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// End the session (the app closes), stop tauri-driver with SIGTERM and make sure every
    /// process it started is gone. Returns notes on anything that had to be killed.
    pub async fn stop(mut self) -> Vec<String> {
        let mut notes = Vec::new();
        if let Some(client) = self.client.take() {
            match tokio::time::timeout(Duration::from_secs(10), client.close()).await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => notes.push(format!("closing the session: {e}")),
                Err(_) => notes.push("closing the session timed out".into()),
            }
        }
        notes.extend(self.shutdown());
        notes
    }

    fn shutdown(&mut self) -> Vec<String> {
        let mut notes = Vec::new();
        let Some(mut driver) = self.driver.take() else {
            return notes;
        };
        // Everything tauri-driver started (WebKitWebDriver, the app, WebKit's helpers), taken
        // before the signal: once tauri-driver is gone they would be re-parented.
        let family: Vec<Proc> = procs::tree(self.driver_pid, &procs::snapshot())
            .into_iter()
            .filter(|p| p.pid != self.driver_pid)
            .collect();
        // SIGTERM, never SIGKILL: tauri-driver then stops WebKitWebDriver, which a SIGKILL
        // would orphan.
        procs::signal(self.driver_pid, "TERM");
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match driver.try_wait() {
                Ok(Some(_)) | Err(_) => break,
                Ok(None) if Instant::now() >= deadline => {
                    notes.push("tauri-driver ignored SIGTERM for 5 s: killed".into());
                    let _ = driver.kill();
                    let _ = driver.wait();
                    break;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            }
        }
        let left = procs::wait_gone(&family, Duration::from_secs(10));
        for p in &left {
            notes.push(format!(
                "process {} ({}) outlived tauri-driver by 10 s: SIGTERM",
                p.pid, p.comm
            ));
            procs::signal(p.pid, "TERM");
        }
        for p in procs::wait_gone(&left, Duration::from_secs(3)) {
            notes.push(format!(
                "process {} ({}) ignored SIGTERM: SIGKILL",
                p.pid, p.comm
            ));
            procs::signal(p.pid, "KILL");
        }
        notes
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        for note in self.shutdown() {
            eprintln!("  cleanup: {note}");
        }
    }
}

/// Run `script` until it returns something other than null/false; that value.
pub async fn wait_js(
    client: &Client,
    script: &str,
    args: Vec<Value>,
    timeout: Duration,
    what: &str,
) -> Result<Value> {
    let deadline = Instant::now() + timeout;
    let mut last_error = None;
    loop {
        match client.execute(script, args.clone()).await {
            Ok(Value::Null | Value::Bool(false)) => {}
            Ok(v) => return Ok(v),
            // The page may not be there yet right after the session starts.
            Err(e) => last_error = Some(e.to_string()),
        }
        if Instant::now() >= deadline {
            let why = last_error.map_or(String::new(), |e| format!(" (last script error: {e})"));
            bail!("timed out after {timeout:?} waiting for {what}{why}");
        }
        tokio::time::sleep(POLL).await;
    }
}

// ------------------------------------------------------------------ startup

const FIRST_ROWS_JS: &str = r#"
const m = performance.getEntriesByName('wz-first-rows')[0];
if (!m) return null;
const nav = performance.getEntriesByType('navigation')[0];
const h = document.getElementById('list-heading');
return {
  at: performance.timeOrigin + m.startTime,
  origin: performance.timeOrigin,
  dom_ready: nav ? performance.timeOrigin + nav.domContentLoadedEventEnd : null,
  heading: h ? h.textContent : '',
};
"#;

const ROWS_JS: &str = r#"
const n = document.querySelectorAll('.article-row .title').length;
return n > 0 ? n : null;
"#;

#[derive(Debug, Clone, Default)]
pub struct Startup {
    /// `wz-first-rows` − t0: the first page of the list (or the empty state) on screen.
    pub content_ms: f64,
    /// The page's time origin − t0: when the webview began loading the UI.
    pub page_start_ms: Option<f64>,
    /// DOMContentLoaded end − t0.
    pub dom_ready_ms: Option<f64>,
    /// Rows with a title in the list once the mark is set (0 for the empty library).
    pub rows: u64,
    pub heading: String,
}

pub async fn startup(s: &Session, timeout: Duration, expect_rows: bool) -> Result<Startup> {
    let client = s.client()?;
    let v = wait_js(
        client,
        FIRST_ROWS_JS,
        vec![],
        timeout,
        "the performance mark `wz-first-rows` (set by ui/src/main.ts when the first rows or \
         the empty state are on screen; an app built before the mark existed never sets it)",
    )
    .await?;
    let at = v["at"]
        .as_f64()
        .ok_or_else(|| anyhow!("odd mark value {v}"))?;
    let since_t0 = |k: &str| v[k].as_f64().map(|x| x - s.t0_ms);
    let mut out = Startup {
        content_ms: at - s.t0_ms,
        page_start_ms: since_t0("origin"),
        dom_ready_ms: since_t0("dom_ready"),
        rows: 0,
        heading: v["heading"].as_str().unwrap_or_default().to_string(),
    };
    if expect_rows {
        let n = wait_js(
            client,
            ROWS_JS,
            vec![],
            Duration::from_secs(5).min(timeout),
            "article rows with a title after `wz-first-rows`",
        )
        .await?;
        out.rows = n.as_u64().unwrap_or(0);
    } else {
        let n = client
            .execute(
                "return document.querySelectorAll('.article-row .title').length",
                vec![],
            )
            .await?;
        out.rows = n.as_u64().unwrap_or(0);
    }
    Ok(out)
}

// ------------------------------------------------------------------ memory sampling

/// Samples the summed PSS of the app's process tree every `every` on a thread.
pub struct Sampler {
    stop: Arc<AtomicBool>,
    handle: Option<std::thread::JoinHandle<Vec<TreePss>>>,
}

impl Sampler {
    pub fn start(app_pid: u32, every: Duration) -> Sampler {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let handle = std::thread::spawn(move || {
            let mut samples = Vec::new();
            while !flag.load(Ordering::Relaxed) {
                let t = Instant::now();
                let pss = procs::tree_pss(app_pid);
                if pss.processes > 0 {
                    samples.push(pss);
                }
                std::thread::sleep(every.saturating_sub(t.elapsed()));
            }
            samples
        });
        Sampler {
            stop,
            handle: Some(handle),
        }
    }

    /// The samples taken.
    pub fn finish(mut self) -> Vec<TreePss> {
        self.stop.store(true, Ordering::Relaxed);
        self.handle
            .take()
            .and_then(|h| h.join().ok())
            .unwrap_or_default()
    }
}

impl Drop for Sampler {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

pub fn pss_now(app_pid: u32) -> Result<TreePss> {
    let pss = procs::tree_pss(app_pid);
    if pss.processes == 0 {
        bail!("the app (pid {app_pid}) is gone: no PSS to read");
    }
    Ok(pss)
}

// ------------------------------------------------------------------ browsing

/// Scroll so that row `row` is at the top (`None`: the end of the list).
const SCROLL_JS: &str = r#"
const s = document.getElementById('list-scroll');
const r = document.querySelector('.article-row');
const h = r ? parseFloat(r.style.height) || 64 : 64;
const want = arguments[0];
s.scrollTop = want === null ? s.scrollHeight : Math.min(want * h, s.scrollHeight - s.clientHeight);
return s.scrollTop;
"#;

/// Once the rows at the scroll position are loaded: the indexes of the rows fully in view.
const ROWS_AT_JS: &str = r#"
const s = document.getElementById('list-scroll');
const r = document.querySelector('.article-row[data-index]');
if (!r || document.querySelector('.article-row.loading')) return null;
const h = parseFloat(r.style.height);
if (!h) return null;
const top = Math.floor(s.scrollTop / h);
if (!document.querySelector('.article-row[data-index="' + top + '"] .title')) return null;
const b = s.getBoundingClientRect();
const seen = [...document.querySelectorAll('.article-row[data-index]')]
  .filter(li => { const x = li.getBoundingClientRect(); return x.top >= b.top && x.bottom <= b.bottom; })
  .map(li => Number(li.dataset.index));
return seen.length ? seen : null;
"#;

const MARK_READER_JS: &str = r#"
const h = document.querySelector('#reader .reader-head');
if (h) h.dataset.wzPerfSeen = '1';
return true;
"#;

const READER_OPENED_JS: &str = r#"
const h = document.querySelector('#reader .reader-head');
if (!h || h.dataset.wzPerfSeen) return null;
const t = h.querySelector('.reader-title');
return t ? t.textContent || ' ' : null;
"#;

#[derive(Debug, Clone, Default)]
pub struct Browse {
    /// (first row asked for, ms from the scroll until its rows were on screen)
    pub scrolls: Vec<(String, f64)>,
    pub opened: usize,
}

/// Scroll to each stop (a row index, or `None` for the end), then open `per_stop` of the rows
/// in view by clicking them.
pub async fn browse(
    s: &Session,
    stops: &[Option<u64>],
    per_stop: usize,
    timeout: Duration,
) -> Result<Browse> {
    let client = s.client()?;
    let mut out = Browse::default();
    for stop in stops {
        let label = stop.map_or("end".to_string(), |r| r.to_string());
        let started = Instant::now();
        client
            .execute(SCROLL_JS, vec![stop.map_or(Value::Null, Value::from)])
            .await
            .with_context(|| format!("scrolling to row {label}"))?;
        let seen = wait_js(
            client,
            ROWS_AT_JS,
            vec![],
            timeout,
            &format!("the rows at row {label} after scrolling"),
        )
        .await?;
        out.scrolls
            .push((label.clone(), started.elapsed().as_secs_f64() * 1000.0));
        let seen: Vec<u64> = seen
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_u64).collect())
            .unwrap_or_default();
        let step = (seen.len() / per_stop.max(1)).max(1);
        for index in seen.iter().step_by(step).take(per_stop) {
            client.execute(MARK_READER_JS, vec![]).await?;
            let css = format!(".article-row[data-index=\"{index}\"]");
            let clicked = match client.find(Locator::Css(&css)).await {
                Ok(row) => row.click().await.is_ok(),
                Err(_) => false,
            };
            if !clicked {
                // The list re-rendered under the pointer (e.g. after marking an article read):
                // click it from the page instead.
                client
                    .execute(
                        "const r = document.querySelector(arguments[0]); if (r) r.click(); return !!r;",
                        vec![Value::from(css.clone())],
                    )
                    .await?;
            }
            wait_js(
                client,
                READER_OPENED_JS,
                vec![],
                timeout,
                &format!("the reader to show row {index} (at stop {label})"),
            )
            .await?;
            out.opened += 1;
        }
    }
    Ok(out)
}

// ------------------------------------------------------------------ search latency

/// Records when the search box last got an input event, in the page's clock; capturing on
/// the document so it runs before the app's own listener.
const LISTEN_JS: &str = r#"
if (!window.__wzPerfListening) {
  window.__wzPerfListening = true;
  window.__wzLastInput = 0;
  document.addEventListener('input', e => {
    if (e.target && e.target.id === 'search') window.__wzLastInput = performance.now();
  }, true);
}
return !!document.getElementById('search');
"#;

const CLEAR_JS: &str = r#"
const s = document.getElementById('search');
s.value = '';
s.dispatchEvent(new Event('input', { bubbles: true }));
return true;
"#;

const ARM_JS: &str = r#"
performance.clearMarks('wz-results');
window.__wzLastInput = 0;
return true;
"#;

const RESULT_JS: &str = r#"
const q = arguments[0];
const last = window.__wzLastInput;
if (!last) return null;
const e = performance.getEntriesByName('wz-results').find(e => e.detail === q && e.startTime > last);
if (!e) return null;
const h = document.getElementById('list-heading');
return { ms: e.startTime - last, heading: h ? h.textContent : '' };
"#;

const STATE_JS: &str = r#"
return {
  value: document.getElementById('search').value,
  last_input: window.__wzLastInput,
  marks: performance.getEntriesByName('wz-results').map(e => e.detail),
};
"#;

#[derive(Debug, Clone)]
pub struct SearchSample {
    pub query: String,
    /// Last input event → `wz-results` mark with this query as its detail.
    pub ms: f64,
    pub heading: String,
}

/// Type each query into the search box (real keystrokes) and time last keystroke → results.
/// Returns the samples and one error per query that failed; gives up on the rest when no
/// query has ever produced a `wz-results` mark (an app build without the marks).
pub async fn search_latencies(
    s: &Session,
    queries: &[String],
    settle: Duration,
    timeout: Duration,
) -> Result<(Vec<SearchSample>, Vec<String>)> {
    let client = s.client()?;
    if client.execute(LISTEN_JS, vec![]).await? != Value::Bool(true) {
        bail!("no #search box in the page");
    }
    let mut samples = Vec::new();
    let mut errors = Vec::new();
    for q in queries {
        client.execute(CLEAR_JS, vec![]).await?;
        tokio::time::sleep(settle).await;
        client.execute(ARM_JS, vec![]).await?;
        let search = client
            .find(Locator::Id("search"))
            .await
            .context("finding #search")?;
        search
            .send_keys(q)
            .await
            .with_context(|| format!("typing {q:?}"))?;
        match wait_js(
            client,
            RESULT_JS,
            vec![Value::from(q.as_str())],
            timeout,
            &format!("the `wz-results` mark of {q:?}"),
        )
        .await
        {
            Ok(v) => {
                let heading = v["heading"].as_str().unwrap_or_default().to_string();
                if !heading.chars().any(|c| c.is_ascii_digit()) {
                    errors.push(format!(
                        "{q:?}: the list heading shows no count: {heading:?}"
                    ));
                }
                samples.push(SearchSample {
                    query: q.clone(),
                    ms: v["ms"].as_f64().unwrap_or(f64::NAN),
                    heading,
                });
            }
            Err(e) => {
                let state = client.execute(STATE_JS, vec![]).await.unwrap_or_default();
                errors.push(format!("{q:?}: {e:#}; page state: {state}"));
                if samples.is_empty() {
                    errors.push(
                        "no search produced a `wz-results` mark: giving up on the other queries \
                         (does this app build's ui/src/main.ts set it?)"
                            .into(),
                    );
                    break;
                }
            }
        }
    }
    // Leave the list as it was.
    client.execute(CLEAR_JS, vec![]).await?;
    Ok((samples, errors))
}

/// Characters WebDriver turns into special keys (the private-use range it maps to keys such
/// as Enter) or cannot type (control characters).
pub fn typable(q: &str) -> bool {
    !q.is_empty()
        && q.chars()
            .all(|c| !c.is_control() && !('\u{E000}'..='\u{F8FF}').contains(&c))
}
