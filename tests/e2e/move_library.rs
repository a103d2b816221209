//! Settings ▸ Library folder ▸ Move to…, while an import runs: the move waits for the import,
//! copies and verifies, switches the window to the new place and removes the old one; nothing
//! the import brought in is lost, and `wz check` is clean at the new place.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moving_the_library_during_an_import_loses_nothing_and_the_window_follows() {
    assert_display();
    let tmp = tempfile::tempdir().expect("tempdir");
    // The OS default folder under this test's XDG_DATA_HOME, so the move also points the
    // settings file (under XDG_CONFIG_HOME) at the new place.
    let library_dir = tmp.path().join("data/wenzhai/library");
    let (file, _) = article_file(tmp.path());
    {
        let lib = Library::open(&library_dir).expect("open library");
        let report = lib
            .import(&[file], &Importer::default(), |_| {})
            .expect("import");
        assert_eq!(report.summary.imported, 1, "{:?}", report.outcomes);
    }
    const FILES: usize = 1500;
    let batch = tmp.path().join("batch");
    std::fs::create_dir_all(&batch).expect("batch folder");
    for i in 0..FILES {
        std::fs::write(
            batch.join(format!("{i:04}.txt")),
            format!("移动期间导入的第{i}篇文章\n\n这是第{i}篇文章的正文,编号{i},用来检查移动文库时正在进行的导入一篇也不会丢失。\n"),
        )
        .expect("write");
    }
    let dest = tmp.path().join("elsewhere/我的文库");

    let _one_app = ONE_APP_AT_A_TIME.lock().await;
    let (driver, client) = start_app(tmp.path(), &library_dir, &[]).await;
    let result = async {
        client
            .wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css(".article-row .title"))
            .await
            .expect("the library shows");
        drop_paths(&client, &[batch.as_path()]).await;
        client
            .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
                Some(Duration::from_secs(300)),
                None,
                None,
            ))
            .await
            .expect("script timeout");
        let moved = client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 window.__TAURI_INTERNALS__.invoke('move_library', {dest: arguments[0]}) \
                   .then((r) => done({ok: r}), (e) => done({err: e}))",
                vec![serde_json::json!(dest.display().to_string())],
            )
            .await
            .expect("move_library answers");
        assert!(moved.get("err").is_none(), "the move failed: {moved}");
        assert_eq!(moved["ok"]["articles"], (FILES + 1) as u64, "{moved}");
        assert_eq!(
            moved["ok"]["waited_for_others"], true,
            "the move began while the import ran, so it waited for it: {moved}"
        );

        // The window now shows the library at its new place, every article in it.
        let info = client
            .execute_async(
                "const done = arguments[arguments.length - 1]; \
                 window.__TAURI_INTERNALS__.invoke('library_info').then(done, done)",
                vec![],
            )
            .await
            .expect("library_info");
        assert_eq!(info["path"], dest.display().to_string(), "{info}");
        assert_eq!(info["articles"], (FILES + 1) as u64, "{info}");
        assert_eq!(info["read_only"], false, "{info}");
    }
    .await;
    let _ = client.close().await;
    drop(driver);
    let () = result;

    assert!(
        !library_dir.exists(),
        "the old folder is removed once the move is verified"
    );
    // Read-only: the app may still be closing, holding the writer lock a moment longer.
    let lib = Library::open_read_only(&dest).expect("the moved library opens");
    let check = lib.check().expect("check");
    assert!(
        check.ok(),
        "wz check at the new place: {:?}",
        check.problems
    );
    assert_eq!(check.articles, (FILES + 1) as u64);
    let settings = std::fs::read_to_string(tmp.path().join("config/wenzhai/settings.json"))
        .expect("the settings file");
    assert!(
        settings.contains(&*dest.display().to_string()),
        "the settings name the new place: {settings}"
    );
}
