//! Headless Chromium through chromedriver (fantoccini), one fresh profile per session.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// Screen sizes the issues ask for.
pub const PHONE: (u32, u32) = (390, 844);
pub const TABLET: (u32, u32) = (1024, 768);
pub const DESKTOP: (u32, u32) = (1366, 900);

/// How long an element may take to appear: generous, the machines are shared.
pub const WAIT: Duration = Duration::from_secs(20);

/// A chromedriver of its own on a free loopback port; answers the process and its URL.
fn start_driver() -> (Child, String) {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let process =
        Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into()))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect(
                "chromedriver is installed (apt-get install chromium-driver; ./test.sh does it)",
            );
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    (process, format!("http://127.0.0.1:{port}"))
}

/// A Chromium session with a chromedriver of its own that stops with it, also when a
/// test fails: a driver kept for the whole test binary would outlive the process.
pub struct Browser {
    client: Client,
    driver: Child,
    /// The Chromium profile folder, which also names this browser's processes.
    profile: std::path::PathBuf,
}

impl std::ops::Deref for Browser {
    type Target = Client;
    fn deref(&self) -> &Client {
        &self.client
    }
}

impl Browser {
    /// Ends the session (Chromium exits); the driver stops on drop.
    pub async fn close(self) -> Result<(), fantoccini::error::CmdError> {
        self.client.clone().close().await
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // SIGTERM first, so chromedriver takes its Chromium down with it; then make sure
        let _ = Command::new("kill")
            .arg(self.driver.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline && matches!(self.driver.try_wait(), Ok(None)) {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        // a test that panicked never closed its session, and a killed driver can leave
        // its Chromium running: stop the processes that use this test's own profile
        let _ = Command::new("pkill")
            .arg("-f")
            .arg(format!("user-data-dir={}", self.profile.display()))
            .status();
        // Chromium may still be writing to the profile as it exits
        let deadline = Instant::now() + Duration::from_secs(3);
        while std::fs::remove_dir_all(&self.profile).is_err()
            && self.profile.exists()
            && Instant::now() < deadline
        {
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// The built app must exist: the browser tests test the release build.
pub fn require_built_app() {
    let index = keyuan_server::config::default_app_dir().join("index.html");
    assert!(index.exists(), "{} is missing: build the app first (`trunk build --release` in app/, which ./test.sh does)", index.display());
}

/// A new headless Chromium window of `size`, with a profile of its own.
pub async fn browser(size: (u32, u32)) -> Browser {
    require_built_app();
    let profile = std::env::temp_dir().join(format!(
        "keyuan-chromium-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    let args = [
        "--headless=new".to_owned(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--no-first-run".into(),
        "--hide-scrollbars".into(),
        format!("--window-size={},{}", size.0, size.1),
        format!("--user-data-dir={}", profile.display()),
    ];
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({"binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()), "args": args}),
    );
    let (driver, driver_url) = start_driver();
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let client = ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&driver_url)
        .await
        .expect("a Chromium session");
    // --window-size sets the outer window; make the viewport itself the asked size
    let inner: Vec<u32> = serde_json::from_value(
        client
            .execute("return [window.innerWidth, window.innerHeight]", vec![])
            .await
            .unwrap(),
    )
    .unwrap();
    let (w, h) = client.get_window_size().await.unwrap();
    client
        .set_window_size(w as u32 + size.0 - inner[0], h as u32 + size.1 - inner[1])
        .await
        .unwrap();
    Browser {
        client,
        driver,
        profile,
    }
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

/// Waits for a CSS selector and answers the element.
pub async fn find(client: &Client, css: &str) -> fantoccini::elements::Element {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
}

/// Waits for `css` and clicks it, as a finger would.
pub async fn tap(client: &Client, css: &str) {
    find(client, css)
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("tapping {css}: {e}"));
}

/// Picks `value` in the `<select>` at `css`, once that option exists: a select's options
/// often arrive in a later request than the select itself.
pub async fn choose(client: &Client, css: &str, value: &str) {
    find(client, &format!("{css} option[value='{value}']")).await;
    find(client, css)
        .await
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("choosing {value} in {css}: {e}"));
}

/// Polls `check` until it answers `Some`, for at most `within`.
pub async fn eventually<T, F, Fut>(within: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let started = Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(started.elapsed() < within, "{what} (waited {within:?})");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Waits until `css` matches nothing.
pub async fn gone(client: &Client, css: &str) {
    let started = Instant::now();
    while !client.find_all(Locator::Css(css)).await.unwrap().is_empty() {
        assert!(started.elapsed() < WAIT, "{css} is still there");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the page's path is `path`.
pub async fn wait_for_path(client: &Client, path: &str) {
    let started = Instant::now();
    loop {
        let current = client.current_url().await.unwrap();
        if current.path() == path {
            return;
        }
        assert!(
            started.elapsed() < WAIT,
            "still at {current}, expected {path}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Signs in through the sign-in screen.
pub async fn sign_in(client: &Client, base: &str, login: &str, password: &str) {
    client.goto(&format!("{base}/login")).await.unwrap();
    find(client, "#login").await.send_keys(login).await.unwrap();
    find(client, "#password")
        .await
        .send_keys(password)
        .await
        .unwrap();
    tap(client, "#sign-in").await;
}

/// Sets an input's value as a picker would (date and month inputs take no typed keys in
/// every locale) and lets the app hear it.
pub async fn set_value(client: &Client, css: &str, value: &str) {
    let input = find(client, css).await;
    client
        .execute(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change'))",
            vec![serde_json::to_value(&input).unwrap(), value.into()],
        )
        .await
        .unwrap();
}

/// Saves a PNG for people to look at (KEYUAN_SCREENSHOT_DIR, default target/screenshots).
pub async fn screenshot(client: &Client, name: &str) {
    let dir = std::env::var("KEYUAN_SCREENSHOT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir().join("keyuan-screenshots"));
    std::fs::create_dir_all(&dir).unwrap();
    let png = client.screenshot().await.unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

/// Fails when the page scrolls sideways: every screen must fit its width.
pub async fn assert_fits(client: &Client, what: &str) {
    let overflow: bool = serde_json::from_value(
        client
            .execute(
                "return document.documentElement.scrollWidth > window.innerWidth",
                vec![],
            )
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(!overflow, "no sideways scrolling on {what}");
}

/// Runs axe-core (WCAG 2 A and AA rules) on the page as it is and fails with every
/// violation it finds. `./test.sh` installs axe-core and names it in `KEYUAN_AXE_JS`.
pub async fn assert_accessible(client: &Client, what: &str) {
    let path = std::env::var("KEYUAN_AXE_JS").expect(
        "KEYUAN_AXE_JS is not set: run the browser tests with ./test.sh, which installs axe-core",
    );
    let axe = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    client.execute(&axe, vec![]).await.expect("axe-core loads");
    let found = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } })
                .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' — ' +
                    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))))
                .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("axe-core runs");
    let violations: Vec<String> = serde_json::from_value(found.clone())
        .unwrap_or_else(|_| panic!("{what}: axe-core answered {found}"));
    assert!(
        violations.is_empty(),
        "{what}: accessibility violations:\n{}",
        violations.join("\n")
    );
}
