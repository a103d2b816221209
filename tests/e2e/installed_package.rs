//! The `.deb` as a user gets it: `cargo xtask package-test` installs it, then runs this test
//! against the *installed* `/usr/bin/wenzhai` (`WENZHAI_INSTALLED_APP`), on a library it keeps
//! (`WENZHAI_PACKAGE_TEST_LIBRARY`) to check that `apt-get purge` leaves it untouched. The
//! seed article is opened the way "Open with Wenzhai" opens it (the desktop entry's
//! `Exec=wenzhai %U`), then found by search and opened from the hit.
//!
//! Ignored in `cargo test`: it needs the package installed, which only the xtask does.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the installed .deb: `cargo xtask package-test` installs it and runs this"]
async fn the_installed_package_opens_a_file_and_finds_it() {
    assert_display();
    let app = PathBuf::from(
        std::env::var_os("WENZHAI_INSTALLED_APP")
            .expect("WENZHAI_INSTALLED_APP names the installed app"),
    );
    let library_dir = PathBuf::from(
        std::env::var_os("WENZHAI_PACKAGE_TEST_LIBRARY")
            .expect("WENZHAI_PACKAGE_TEST_LIBRARY names the library to keep"),
    );
    assert!(app.is_file(), "{} is not installed", app.display());
    let tmp = tempfile::tempdir().expect("tempdir");
    let (file, title) = article_file(tmp.path());

    let _one_app = ONE_APP_AT_A_TIME.lock().await;
    let (driver, client) = start_app_binary(
        tmp.path(),
        &library_dir,
        &[file.display().to_string()],
        &app,
    )
    .await;
    let result = async {
        // Opened with the app: imported, and shown in the reader.
        let heading = client
            .wait()
            .at_most(Duration::from_secs(60))
            .for_element(Locator::Css(".reader-title"))
            .await
            .expect("the opened file shows in the reader");
        assert_eq!(heading.text().await.expect("title"), title);

        // Search 组工干部 and open the hit.
        client
            .find(Locator::Css("#search"))
            .await
            .expect("search box")
            .send_keys("组工干部")
            .await
            .expect("type the query");
        library_view::wait_until(
            &client,
            "a hit with 组工干部 highlighted",
            "return document.querySelector('.article-row .snippet mark')?.textContent ?? ''",
            |v| v == "组工干部",
        )
        .await;
        client
            .find(Locator::Css(".article-row"))
            .await
            .expect("hit row")
            .click()
            .await
            .expect("open the hit");
        let mark = client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(".reader-body mark.match"))
            .await
            .expect("the match is marked in the reader");
        assert_eq!(mark.text().await.expect("mark"), "组工干部");
    }
    .await;
    let _ = client.close().await;
    drop(driver);
    result
}
