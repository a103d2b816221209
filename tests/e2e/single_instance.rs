//! One window per library: with the app running, `wenzhai some.txt` (what "Open with Wenzhai"
//! runs) imports the file into the running window and shows it, and `wenzhai
//! wenzhai://article/<id>` opens that article there; the second launch exits at once.

use super::*;

/// Start `wenzhai ARGS` as a second launch on the same library, as the desktop does, and wait
/// for it to hand over and exit.
fn second_launch(tmp: &Path, library_dir: &Path, args: &[&std::ffi::OsStr]) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wenzhai"))
        .args(args)
        .current_dir(tmp)
        .env("WENZHAI_LIBRARY", library_dir)
        .env("XDG_DATA_HOME", tmp.join("data"))
        .env("XDG_CACHE_HOME", tmp.join("cache"))
        .env("XDG_CONFIG_HOME", tmp.join("config"))
        .stdout(Stdio::null())
        .spawn()
        .expect("start a second wenzhai");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().expect("wait for the second launch") {
            assert!(status.success(), "the second launch failed: {status}");
            return;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!(
                "the second launch did not exit: it opened a second window instead of handing over"
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

async fn reader_title(client: &fantoccini::Client) -> Option<String> {
    client
        .execute(
            "return document.querySelector('.reader-title')?.textContent ?? null",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
}

async fn wait_for_reader_title(client: &fantoccini::Client, want: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let shown = reader_title(client).await;
        if shown.as_deref() == Some(want) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the running window shows {shown:?}, not {want:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_launch_imports_its_file_into_the_running_window_and_a_link_opens_there() {
    assert_display();
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "no D-Bus session bus: the single instance needs one on Linux; run the tests under \
         `dbus-run-session` (cargo xtask test does)"
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let library_dir = tmp.path().join("library");
    let (file, title) = article_file(tmp.path());
    let second = tmp.path().join("第二篇.txt");
    std::fs::write(
        &second,
        "第二次启动带来的文章\n\n这篇文章由第二次启动交给正在运行的窗口导入,正文足够长,可以导入。\n",
    )
    .expect("write");

    let _one_app = ONE_APP_AT_A_TIME.lock().await;
    let (driver, client) = start_app(tmp.path(), &library_dir, &[]).await;
    let result = async {
        client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css("#empty:not([hidden])"))
            .await
            .expect("the empty library shows");

        // "Open with Wenzhai" on a file while the app runs.
        second_launch(tmp.path(), &library_dir, &[file.as_os_str()]);
        wait_for_reader_title(&client, &title).await;
        // A relative path, from the second launch's own folder (`tmp`).
        let relative = second.file_name().expect("name");
        second_launch(tmp.path(), &library_dir, &[relative]);
        wait_for_reader_title(&client, "第二次启动带来的文章").await;

        // A wenzhai:// link to the first article opens it in the same window.
        let first_id = {
            let lib = Library::open_read_only(&library_dir).expect("read the library");
            let found = lib.search(&title, 0, 1).expect("search");
            assert_eq!(
                lib.article_count().expect("count"),
                2,
                "both files imported"
            );
            found.hits.first().expect("the first article").id
        };
        let link = format!("wenzhai://article/{first_id}");
        second_launch(tmp.path(), &library_dir, &[std::ffi::OsStr::new(&link)]);
        wait_for_reader_title(&client, &title).await;

        let windows = client.windows().await.expect("window handles");
        assert_eq!(windows.len(), 1, "one window only");
    }
    .await;
    let _ = client.close().await;
    drop(driver);
    result
}
