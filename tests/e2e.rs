//! End-to-end test of the real desktop app: tauri-driver + WebKitWebDriver drive the real
//! window (under Xvfb on CI) on a real library with an article imported, and look for what a
//! user would see. Needs a display (`xvfb-run -a cargo test`), `tauri-driver` (on PATH or in
//! ~/.cargo/bin) and `WebKitWebDriver` (Debian: webkit2gtk-driver); `.ci/run` installs them.

use fantoccini::{ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use wenzhai_library::{Importer, Library};

/// The article count the tag tree shows beside a tag (by script: WebDriver reads the text of
/// the sidebar's ellipsized labels as empty).
const COUNT_OF_TAG: &str =
    "return document.querySelector(`#tag-tree [data-tag='${arguments[0]}'] .side-count`)?.textContent";

#[path = "e2e/choose_encoding.rs"]
mod choose_encoding;
#[path = "e2e/documents.rs"]
mod documents;
#[path = "e2e/installed_package.rs"]
mod installed_package;
#[path = "e2e/library_view.rs"]
mod library_view;
#[path = "e2e/move_library.rs"]
mod move_library;
#[path = "e2e/near_duplicate_merge.rs"]
mod near_duplicate_merge;
#[path = "e2e/settings_panel.rs"]
mod settings_panel;
#[path = "e2e/single_instance.rs"]
mod single_instance;
#[path = "e2e/update_from_newer_save.rs"]
mod update_from_newer_save;

const SEED: &str = "../shared/fixtures/seed/fanfu-tianjin-hebei.txt";

/// The seed article as users save it; when `../shared` is absent, a small article in the same
/// layout, so the test still drives the real app.
fn article_file(dir: &Path) -> (PathBuf, String) {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED);
    if seed.is_file() {
        let expected = seed.with_file_name("fanfu-tianjin-hebei.expected.json");
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(expected).expect("expected.json"))
                .expect("expected.json parses");
        let title = json["title"].as_str().expect("title").to_string();
        return (seed, title);
    }
    eprintln!("note: {SEED} not found; using a generated article instead");
    let title = "天津市河北区组织部加强自身建设".to_string();
    let path = dir.join("article.txt");
    // Long enough (≥ 100 characters in what a repost keeps) to be told from a template when
    // the near-duplicate test reposts it.
    let text = format!("{title}\n\n发布时间:2022-07-05 14:30:29 作者:admin 来源:天津先锋网\n\n  河北区委组织部深入践行新时代党的组织路线,坚持以党的政治建设为统领。\n\n  坚持以讲政治为先,建强政治机关,打造让党放心、让党员和群众满意的组工干部队伍。\n\n  区委组织部建立健全学习制度,每周开展集中学习,推动理论学习走深走实,做到学思用贯通。\n\n  坚持严管厚爱结合,完善干部日常管理监督机制,常态化开展谈心谈话和提醒函询工作。\n\n  聚焦基层党组织建设,开展软弱涣散党组织整顿,选优配强村和社区党组织书记。\n\n  坚持问题导向,深入开展调查研究,及时解决群众反映强烈的急难愁盼问题。\n");
    std::fs::write(&path, text).expect("write article");
    (path, title)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

fn tauri_driver() -> PathBuf {
    let on_path = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("tauri-driver"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let in_cargo =
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin/tauri-driver"));
    on_path
        .into_iter()
        .chain(in_cargo)
        .find(|p| p.is_file())
        .expect("tauri-driver not found: `cargo install tauri-driver --locked` (see README)")
}

/// Stops tauri-driver with SIGTERM on drop: SIGKILL would orphan WebKitWebDriver.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.0.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.0.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = self.0.kill();
    }
}

/// Drop `paths` on the window, as its drag-drop event delivers them, and wait until the import
/// results list something. The UI registers its drop listener a moment after the first rows
/// show, so a drop sent before that is lost (CI saw it: no results): drop again, up to five
/// times. A repeated drop of the same files gives the same results.
async fn drop_paths(c: &fantoccini::Client, paths: &[&Path]) {
    let paths: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    for _ in 0..5 {
        c.execute(
            "return window.__TAURI_INTERNALS__.invoke('plugin:event|emit', \
             {event: 'tauri://drag-drop', payload: {paths: arguments[0], position: {x: 300, y: 300}}})",
            vec![serde_json::json!(paths)],
        )
        .await
        .expect("emit the drop event");
        for _ in 0..20 {
            tokio::time::sleep(Duration::from_millis(200)).await;
            let shown = c
                .execute(
                    "return document.querySelectorAll('#import-results-list .result').length > 0 \
                     || !document.getElementById('import-panel').hidden",
                    vec![],
                )
                .await
                .expect("results");
            if shown == true {
                return;
            }
        }
    }
    panic!("no import results after five drops of {paths:?}");
}

/// Two app windows at once would fight over the 2 cores and the display: one at a time.
static ONE_APP_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn assert_display() {
    assert!(
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
        "no display: run the tests under `xvfb-run -a cargo test` (see README)"
    );
}

/// Start tauri-driver and a WebDriver session on the real app, with `library_dir` as its
/// library and a fresh webview profile under `tmp`.
async fn start_app(
    tmp: &Path,
    library_dir: &Path,
    args: &[String],
) -> (Driver, fantoccini::Client) {
    start_app_binary(
        tmp,
        library_dir,
        args,
        Path::new(env!("CARGO_BIN_EXE_wenzhai")),
    )
    .await
}

/// [`start_app`] with another build of the app, e.g. the installed `/usr/bin/wenzhai`.
async fn start_app_binary(
    tmp: &Path,
    library_dir: &Path,
    args: &[String],
    application: &Path,
) -> (Driver, fantoccini::Client) {
    let port = free_port();
    let native_port = free_port();
    let driver = Driver(
        Command::new(tauri_driver())
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("WENZHAI_LIBRARY", library_dir)
            // A fresh webview profile (localStorage: language, theme) for every run.
            .env("XDG_DATA_HOME", tmp.join("data"))
            .env("XDG_CACHE_HOME", tmp.join("cache"))
            .env("XDG_CONFIG_HOME", tmp.join("config"))
            .stdout(Stdio::null())
            .spawn()
            .expect("start tauri-driver"),
    );

    let mut caps = serde_json::Map::new();
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": application, "args": args }),
    );
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let client = loop {
        let attempt = tokio::time::timeout(
            Duration::from_secs(60),
            ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&url),
        )
        .await;
        match attempt {
            Ok(Ok(c)) => break c,
            _ if started.elapsed() < Duration::from_secs(60) => {
                tokio::time::sleep(Duration::from_millis(300)).await
            }
            Ok(Err(e)) => panic!("no WebDriver session: {e}"),
            Err(_) => panic!("WebDriver session timed out (is WebKitWebDriver installed?)"),
        }
    };
    (driver, client)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_lists_an_imported_article_and_opens_it_in_the_reader() {
    assert_display();
    let tmp = tempfile::tempdir().expect("tempdir");
    let library_dir = tmp.path().join("library");
    let (file, title) = article_file(tmp.path());
    {
        let lib = Library::open(&library_dir).expect("open library");
        let report = lib
            .import(&[file], &Importer::default(), |_| {})
            .expect("import");
        assert_eq!(report.summary.imported, 1, "{:?}", report.outcomes);
    } // drop: the app must be able to take the writer lock

    let _one_app = ONE_APP_AT_A_TIME.lock().await;
    let (driver, client) = start_app(tmp.path(), &library_dir, &[]).await;

    let result = async {
        // The list shows the article's title.
        let row = client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css(".article-row .title"))
            .await
            .expect("an article row appears");
        // On screen: laid out with a size, inside the window. (WebDriver's element text comes
        // back empty for the virtual list's absolutely placed rows, so ask the page.)
        let shown = client
            .execute(
                "const t = document.querySelector('.article-row .title'); const r = t.getBoundingClientRect(); \
                 return r.width > 0 && r.height > 0 && r.bottom <= window.innerHeight ? t.textContent : null",
                vec![],
            )
            .await
            .expect("row on screen");
        assert_eq!(shown, title.as_str(), "the first row shows the title");

        // Meanwhile another process (what `wz` does) can read and search the library the app
        // holds, and a second writer is told clearly who holds it, never "database is locked".
        let other = Library::open_read_only(&library_dir).expect("a reader opens alongside");
        let found = other
            .search("组织", 0, 10)
            .expect("search alongside the app");
        assert_eq!(found.total, 1);
        match Library::open(&library_dir) {
            Err(e) => {
                let msg = e.to_string();
                assert!(msg.contains("in use by another Wenzhai process"), "{msg}");
                assert!(!msg.contains("locked"), "{msg}");
            }
            Ok(_) => panic!("a second writer opened the library the app holds"),
        }

        // Clicking it opens the reader with the title and the body.
        row.click().await.expect("click row");
        let heading = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(".reader-title"))
            .await
            .expect("reader opens");
        assert_eq!(heading.text().await.expect("heading"), title);
        let body = client
            .find(Locator::Css(".reader-body"))
            .await
            .expect("reader body")
            .text()
            .await
            .expect("body text");
        assert!(body.contains("组织"), "the reader shows the article text");

        // Tagging it in the reader shows the tag there and in the tag bar, with its count.
        let add = client
            .find(Locator::Css(".add-tag"))
            .await
            .expect("tag input");
        add.send_keys("党建/组织建设\u{E007}")
            .await
            .expect("type tag"); // U+E007: WebDriver Enter
        let chip = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(".reader-tag"))
            .await
            .expect("the tag appears in the reader");
        assert!(chip
            .text()
            .await
            .expect("chip")
            .starts_with("党建/组织建设"));
let node = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("#tag-tree [data-tag='党建/组织建设']"))
            .await
            .expect("the tag appears in the tag tree");
        let name = node.attr("title").await.expect("tree node");
        assert_eq!(name.as_deref(), Some("党建/组织建设"));
        let count = client
            .execute(COUNT_OF_TAG, vec!["党建/组织建设".into()])
            .await
            .expect("count");
        assert_eq!(count, "1", "the tag tree counts the tagged article");

        // Searching for a word in the body finds it, with the match highlighted.
        let search = client
            .find(Locator::Css("#search"))
            .await
            .expect("search box");
        search.send_keys("组织路线").await.expect("type query");
        // Results come as you type: wait for the whole query's, not a prefix's.
        library_view::wait_until(
            &client,
            "a hit with 组织路线 highlighted",
            "return document.querySelector('.article-row .snippet mark')?.textContent ?? ''",
            |v| v == "组织路线",
        )
        .await;

        // Opening the hit shows the match marked in the reader.
        client
            .find(Locator::Css(".article-row"))
            .await
            .expect("hit row")
            .click()
            .await
            .expect("open hit");
        let in_reader = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(".reader-body mark.match"))
            .await
            .expect("the match is marked in the reader");
        assert_eq!(in_reader.text().await.expect("mark"), "组织路线");

        // The UI switches between Chinese and English, and between themes.
        let placeholder = |c: &fantoccini::Client| {
            let c = c.clone();
            async move {
                c.find(Locator::Css("#search"))
                    .await
                    .expect("search")
                    .attr("placeholder")
                    .await
                    .expect("placeholder")
                    .unwrap_or_default()
            }
        };
        let before = placeholder(&client).await;
        client
            .find(Locator::Css("#lang-toggle"))
            .await
            .expect("language button")
            .click()
            .await
            .expect("switch language");
        let after = placeholder(&client).await;
        assert_ne!(before, after);
        assert!(
            [before.as_str(), after.as_str()].contains(&"搜索全文(Ctrl+K)"),
            "{before} / {after}"
        );
        let theme = |c: &fantoccini::Client| {
            let c = c.clone();
            async move {
                c.execute("return document.documentElement.dataset.theme", vec![])
                    .await
                    .expect("theme")
            }
        };
        assert_eq!(theme(&client).await, "light");
        client
            .find(Locator::Css("#theme-toggle"))
            .await
            .expect("theme button")
            .click()
            .await
            .expect("switch theme");
        assert_eq!(theme(&client).await, "sepia");

        // A+ makes the reader's text larger, and the size is kept for the next article.
        let size = |c: &fantoccini::Client| {
            let c = c.clone();
            async move {
                c.execute(
                    "return parseFloat(getComputedStyle(document.querySelector('.reader-body')).fontSize)",
                    vec![],
                )
                .await
                .expect("font size")
                .as_f64()
                .expect("a number")
            }
        };
        let before = size(&client).await;
        client
            .find(Locator::Css(".reader-size + .reader-size"))
            .await
            .expect("A+ button")
            .click()
            .await
            .expect("larger text");
        assert!(size(&client).await > before, "A+ did not enlarge the text");
        let stored = client
            .execute("return localStorage.getItem('wenzhai.size')", vec![])
            .await
            .expect("stored size");
        assert_eq!(stored, serde_json::json!((before as i64 + 1).to_string()));
    }
    .await;
    let _ = client.close().await;
    drop(driver);
    result
}

/// A 2×2 PNG, what the local image server answers for `/img*.png`.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x08, 0x02, 0x00, 0x00, 0x00, 0xfd, 0xd4, 0x9a,
    0x73, 0x00, 0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
    0x44, 0x0c, 0x10, 0x0a, 0x00, 0x1f, 0xee, 0x03, 0xfd, 0x8b, 0x5f, 0x14, 0xd4, 0x00, 0x00, 0x00,
    0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// A web server on 127.0.0.1 that records every request (request line and headers, lower-cased
/// header names) and answers images with a cookie, anything else with 404. It stands for every
/// remote origin a hostile page may try to reach.
fn recording_server() -> (u16, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Write};
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let log = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(&stream);
            let mut head = String::new();
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line.trim() != "" {
                head.push_str(&line.to_ascii_lowercase());
                line.clear();
            }
            let image = head.starts_with("get /img");
            if let Ok(mut log) = seen.lock() {
                log.push(head);
            }
            let mut out = &stream;
            let _ = if image {
                out.write_all(
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: {}\r\n\
                         Set-Cookie: tracker=1; Path=/\r\nConnection: close\r\n\r\n",
                        PNG.len()
                    )
                    .as_bytes(),
                )
                .and_then(|()| out.write_all(PNG))
            } else {
                out.write_all(
                    b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                )
            };
        }
    });
    (port, log)
}

/// Every way a saved page could run code or phone home, each aimed at the recording server or
/// at our own IPC (tagging and starring the article), around enough text to be an article.
fn hostile_page(port: u16) -> String {
    let o = format!("http://127.0.0.1:{port}");
    let para = "这是一段用于安全测试的正文,讲述基层党组织建设的具体做法和经验,内容足够长,以便被阅读视图识别为文章正文而保留下来。";
    format!(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>恶意页面安全测试_测试网</title>
<base href="{o}/base/"><meta http-equiv="refresh" content="0;url={o}/refresh">
<link rel="stylesheet" href="{o}/link.css"><link rel="prefetch" href="{o}/prefetch">
<style>@import url({o}/import.css); body {{ background: url({o}/style-bg.png) }}</style>
<script src="{o}/script.js"></script>
<script>window.__pwned = 'inline'; fetch('{o}/pwned-inline');
  window.__TAURI_INTERNALS__ && window.__TAURI_INTERNALS__.invoke('retag', {{ id: 1, add: ['pwned'], remove: [] }});</script>
</head><body onload="fetch('{o}/pwned-onload')"><article><h1>恶意页面安全测试</h1>
<p onclick="fetch('{o}/pwned-click')" style="background:url({o}/inline-style.png)">{para}</p>
<p><a href="javascript:fetch('{o}/pwned-js-link')">脚本链接</a> <a href="data:text/html,<script>fetch('{o}/pwned-data')</script>">数据链接</a></p>
<p><img src="{o}/img1.png" alt="第一张图"><img src="x" onerror="window.__TAURI_INTERNALS__.invoke('set_state', {{ id: 1, read: null, starred: true, archived: null }})"></p>
<iframe src="{o}/iframe"></iframe><iframe srcdoc="<script>parent.__pwned='srcdoc'</script>"></iframe>
<object data="{o}/object"></object><embed src="{o}/embed">
<svg onload="fetch('{o}/pwned-svg')"><script>fetch('{o}/pwned-svg-script')</script><image href="{o}/svg-image.png"/></svg>
<form action="{o}/form"><input name="q" autofocus onfocus="fetch('{o}/pwned-focus')"><button formaction="{o}/button">提交</button></form>
<video src="{o}/video.mp4" autoplay></video><audio src="{o}/audio.mp3" autoplay></audio>
<p>{para}{para}</p><p><img data-src="{o}/img2.png" src="{o}/lazy-placeholder.gif" alt="第二张图"></p>
<p>{para}</p></article></body></html>"#
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_page_runs_no_script_calls_no_command_and_loads_nothing_until_images_are_allowed()
{
    assert_display();
    let (port, requests) = recording_server();
    let tmp = tempfile::tempdir().expect("tempdir");
    let library_dir = tmp.path().join("library");
    let page = tmp.path().join("hostile.html");
    std::fs::write(&page, hostile_page(port)).expect("write page");
    let id = {
        let lib = Library::open(&library_dir).expect("open library");
        let report = lib
            .import(&[page], &Importer::default(), |_| {})
            .expect("import");
        assert_eq!(report.summary.imported, 1, "{:?}", report.outcomes);
        lib.ids().expect("ids")[0]
    };
    let requests_now = || requests.lock().map(|r| r.clone()).unwrap_or_default();

    let _one_app = ONE_APP_AT_A_TIME.lock().await;
    let (driver, client) = start_app(tmp.path(), &library_dir, &[]).await;
    let result = async {
        client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css(".article-row"))
            .await
            .expect("the article is listed")
            .click()
            .await
            .expect("open it");
        let body = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(".reader-body"))
            .await
            .expect("reader opens");
        assert!(body.text().await.expect("text").contains("基层党组织建设"));
        // Give any payload that slipped through time to run and to reach the server.
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(
            requests_now(),
            Vec::<String>::new(),
            "the page reached the network"
        );
        let pwned = client
            .execute("return String(window.__pwned)", vec![])
            .await
            .expect("probe");
        assert_eq!(pwned, "undefined", "a script of the page ran");
        let images = client
            .find(Locator::Css(".images-bar"))
            .await
            .expect("a bar says images were blocked");
        // img1, img2 (from data-src) and the onerror image's "x", which the page's <base>
        // resolves: three placeholders, none loaded.
        let bar = images.text().await.expect("bar");
        assert!(bar.contains('3'), "{bar}");

        // Allowing images fetches exactly the article's three image URLs, through the app,
        // without cookies or a Referer, and nothing else; the two real images show.
        client
            .find(Locator::Css(".images-toggle"))
            .await
            .expect("show images button")
            .click()
            .await
            .expect("allow images");
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let loaded = client
                .execute(
                    "return Array.from(document.querySelectorAll('.reader-body img'))\
                     .filter(i => i.complete && i.naturalWidth === 2).length",
                    vec![],
                )
                .await
                .expect("count loaded images");
            // The 404 for "x" may be logged after the two images show.
            if loaded == 2 && requests_now().len() >= 3 {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "images did not load: {:?}",
                requests_now()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        let seen = requests_now();
        let mut lines: Vec<&str> = seen.iter().filter_map(|r| r.lines().next()).collect();
        lines.sort_unstable();
        assert_eq!(
            lines,
            [
                "get /base/x http/1.1",
                "get /img1.png http/1.1",
                "get /img2.png http/1.1"
            ]
        );
        for r in &seen {
            assert!(!r.contains("\ncookie:") && !r.contains("\nreferer:"), "{r}");
        }
    }
    .await;
    let _ = client.close().await;
    drop(driver);

    // Nothing the page tried through IPC happened: no tag, no star.
    let lib = Library::open_read_only(&library_dir).expect("reopen");
    let a = lib.article(id).expect("article");
    assert!(a.tags.is_empty(), "{:?}", a.tags);
    assert!(!a.starred);
    assert!(a.images_allowed, "the user's choice is kept");
    result
}

/// Select `phrase` in the reader body as a user's mouse would (a DOM Range over the text node
/// that holds it) and release the mouse, which brings up the selection toolbar.
const SELECT_PHRASE: &str = r#"
const [phrase] = arguments;
const body = document.querySelector('.reader-body');
const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
for (let n = walker.nextNode(); n; n = walker.nextNode()) {
  const i = n.data.indexOf(phrase);
  if (i < 0) continue;
  const r = document.createRange();
  r.setStart(n, i);
  r.setEnd(n, i + phrase.length);
  const sel = window.getSelection();
  sel.removeAllRanges();
  sel.addRange(r);
  document.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
  return true;
}
return false;
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_highlight_with_a_note_survives_a_reload_is_found_by_search_and_exports_as_markdown() {
    assert_display();
    let tmp = tempfile::tempdir().expect("tempdir");
    let library_dir = tmp.path().join("library");
    let (file, _title) = article_file(tmp.path());
    {
        let lib = Library::open(&library_dir).expect("open library");
        let report = lib
            .import(&[file], &Importer::default(), |_| {})
            .expect("import");
        assert_eq!(report.summary.imported, 1, "{:?}", report.outcomes);
    }
    let phrase = "新时代党的组织路线";
    let note = "笔记测试词组甲乙丙";
    let _one_app = ONE_APP_AT_A_TIME.lock().await;
    let (driver, client) = start_app(tmp.path(), &library_dir, &[]).await;
    let open_first_row = |c: &fantoccini::Client| {
        let c = c.clone();
        async move {
            c.wait()
                .at_most(Duration::from_secs(30))
                .for_element(Locator::Css(".article-row"))
                .await
                .expect("a row")
                .click()
                .await
                .expect("open the row");
            c.wait()
                .at_most(Duration::from_secs(10))
                .for_element(Locator::Css(".reader-body"))
                .await
                .expect("the reader opens");
        }
    };
    let result = async {
        open_first_row(&client).await;
        // Select the phrase; the toolbar offers five colours and a note.
        let selected = client
            .execute(SELECT_PHRASE, vec![phrase.into()])
            .await
            .expect("select");
        assert_eq!(selected, true, "the phrase is in the reader");
        let swatches = client
            .wait()
            .at_most(Duration::from_secs(5))
            .for_element(Locator::Css("#selection-toolbar:not([hidden])"))
            .await
            .expect("the selection toolbar shows")
            .find_all(Locator::Css(".swatch"))
            .await
            .expect("swatches");
        assert_eq!(swatches.len(), 5);
        client
            .find(Locator::Css("#selection-toolbar .note-button"))
            .await
            .expect("note button")
            .click()
            .await
            .expect("highlight with a note");
        let input = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css("#annotation-popover .note-input"))
            .await
            .expect("the note popover opens");
        input.send_keys(note).await.expect("type the note");
        client
            .find(Locator::Css("#annotation-popover .save-note"))
            .await
            .expect("save")
            .click()
            .await
            .expect("save the note");
        // Saving re-renders the reader: wait for the highlight that carries the note.
        let mark = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(".reader-body mark.hl[title]"))
            .await
            .expect("the highlight is drawn with its note");
        assert_eq!(mark.text().await.expect("mark text"), phrase);

        // Reload the whole webview: the highlight and its note come back from the library.
        client.refresh().await.expect("reload");
        open_first_row(&client).await;
        let mark = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(".reader-body mark.hl"))
            .await
            .expect("the highlight survives a reload");
        assert_eq!(mark.text().await.expect("mark text"), phrase);
        assert_eq!(mark.attr("title").await.expect("title").as_deref(), Some(note));
        // The panel starts closed in a window this narrow; the 标注 button opens it.
        if client.find(Locator::Css(".annotations-panel")).await.is_err() {
            client
                .find(Locator::Css(".panel-toggle"))
                .await
                .expect("the panel toggle")
                .click()
                .await
                .expect("open the panel");
        }
        let panel = client
            .find(Locator::Css(".annotations-panel"))
            .await
            .expect("the annotations panel")
            .text()
            .await
            .expect("panel text");
        assert!(panel.contains(phrase) && panel.contains(note), "{panel}");

        // Searching the note's words finds the article, shows the note, and opening the hit
        // lands on the highlight.
        client
            .find(Locator::Css("#search"))
            .await
            .expect("search box")
            .send_keys(note)
            .await
            .expect("type the query");
        // Results come as you type: wait for the whole query's, not a prefix's.
        library_view::wait_until(
            &client,
            "the hit shows the note",
            "return document.querySelector('.article-row .hit-note')?.textContent ?? ''",
            |v| v.as_str().is_some_and(|t| t.contains(note)),
        )
        .await;
        client
            .find(Locator::Css(".article-row"))
            .await
            .expect("hit")
            .click()
            .await
            .expect("open the hit");
        client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(".reader-body mark.hl.flash"))
            .await
            .expect("opening the hit lands on the highlight");

        // The reader's Markdown export, compared to the expected file.
        let id = client
            .execute("return Number(document.querySelector('.article-row').dataset.id)", vec![])
            .await
            .expect("id");
        let markdown = client
            .execute_async(
                "const [id, done] = arguments; window.__TAURI_INTERNALS__.invoke('export_article', { id, format: 'md' }).then(done, e => done('error: ' + JSON.stringify(e)));",
                vec![id.clone()],
            )
            .await
            .expect("export");
        let markdown = markdown.as_str().expect("markdown text").to_owned();
        let id = id.as_i64().expect("numeric id");
        let expected_path = Path::new(env!("CARGO_MANIFEST_DIR")).join(if Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED).is_file() {
            "tests/expected/seed-highlight.md"
        } else {
            "tests/expected/generated-highlight.md"
        });
        // `WZ_BLESS=1` rewrites the expected file from what the app gave (then review the diff).
        if std::env::var_os("WZ_BLESS").is_some() {
            let generic = markdown.replace(&format!("wenzhai://article/{id}"), "wenzhai://article/{id}");
            std::fs::write(&expected_path, generic).expect("bless");
        }
        let expected = std::fs::read_to_string(&expected_path)
            .expect("expected markdown")
            .replace("{id}", &id.to_string());
        assert_eq!(markdown, expected, "export differs from {}", expected_path.display());
    }
    .await;
    let _ = client.close().await;
    drop(driver);
    result
}

/// An exported note's "open in Wenzhai" link starts the app on that article.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wenzhai_article_link_opens_that_article() {
    assert_display();
    let tmp = tempfile::tempdir().expect("tempdir");
    let library_dir = tmp.path().join("library");
    let other = tmp.path().join("other.txt");
    std::fs::write(
        &other,
        "链接打开的文章\n\n这篇文章由 wenzhai:// 链接直接打开,正文内容足够长以便导入。",
    )
    .expect("write");
    let (file, _) = article_file(tmp.path());
    let id = {
        let lib = Library::open(&library_dir).expect("open library");
        let report = lib
            .import(&[file, other], &Importer::default(), |_| {})
            .expect("import");
        assert_eq!(report.summary.imported, 2, "{:?}", report.outcomes);
        let ids = lib.ids().expect("ids");
        *ids.iter().max().expect("the second article")
    };
    let _one_app = ONE_APP_AT_A_TIME.lock().await;
    let (driver, client) = start_app(
        tmp.path(),
        &library_dir,
        &[format!("wenzhai://article/{id}")],
    )
    .await;
    let result = async {
        let heading = client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css(".reader-title"))
            .await
            .expect("the reader opens by itself");
        assert_eq!(heading.text().await.expect("title"), "链接打开的文章");
    }
    .await;
    let _ = client.close().await;
    drop(driver);
    result
}
