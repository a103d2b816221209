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
    let text = format!("{title}\n\n发布时间:2022-07-05 14:30:29 作者:admin 来源:天津先锋网\n\n  河北区委组织部深入践行新时代党的组织路线,坚持以党的政治建设为统领。\n\n  坚持以讲政治为先,建强政治机关。\n");
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_app_lists_an_imported_article_and_opens_it_in_the_reader() {
    assert!(
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some(),
        "no display: run the tests under `xvfb-run -a cargo test` (see README)"
    );
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
            .env("WENZHAI_LIBRARY", &library_dir)
            // A fresh webview profile (localStorage: language, theme) for every run.
            .env("XDG_DATA_HOME", tmp.path().join("data"))
            .env("XDG_CACHE_HOME", tmp.path().join("cache"))
            .env("XDG_CONFIG_HOME", tmp.path().join("config"))
            .stdout(Stdio::null())
            .spawn()
            .expect("start tauri-driver"),
    );

    let mut caps = serde_json::Map::new();
    caps.insert(
        "tauri:options".into(),
        serde_json::json!({ "application": env!("CARGO_BIN_EXE_wenzhai") }),
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

    let result = async {
        // The list shows the article's title.
        let row = client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css(".article-row .title"))
            .await
            .expect("an article row appears");
        assert_eq!(row.text().await.expect("row text"), title);

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
        let bar = client
            .find(Locator::Css("#tag-bar"))
            .await
            .expect("tag bar");
        let bar_text = bar.text().await.expect("bar text");
        assert!(bar_text.contains("党建/组织建设 1"), "tag bar: {bar_text}");

        // Searching for a word in the body finds it, with the match highlighted.
        let search = client
            .find(Locator::Css("#search"))
            .await
            .expect("search box");
        search.send_keys("组织路线").await.expect("type query");
        let mark = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(".article-row .snippet mark"))
            .await
            .expect("a highlighted search hit");
        assert_eq!(mark.text().await.expect("mark text"), "组织路线");

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
    }
    .await;
    let _ = client.close().await;
    drop(driver);
    result
}
