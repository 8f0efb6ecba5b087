//! Pictures as `articles --json` and `read` give them: a featured image and
//! the same WordPress upload in the body are one picture with the body's
//! caption, and a credit written into a caption is split from it.

mod common;

use std::sync::{Arc, OnceLock};

use common::Env;
use newsroom::config::SiteConfig;
use newsroom::serve::{Request, Response, Server};

fn served_post() -> (Server, Env) {
    let path = format!(
        "{}/tests/fixtures/feeds/pictures/wp-rest-featured.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(path).unwrap();
    let origin: Arc<OnceLock<String>> = Arc::new(OnceLock::new());
    let o = origin.clone();
    let server = Server::start(Arc::new(move |req: &Request| {
        if req.path != "/wp-json/wp/v2/posts" {
            return Response::not_found();
        }
        let base = o.get().cloned().unwrap_or_default().replace('/', "\\/");
        let body = text.replace("https:\\/\\/harbour.example", &base);
        Response::ok("application/json; charset=UTF-8", body)
    }))
    .unwrap();
    origin.set(server.base_url()).unwrap();
    let env = Env::new(&[SiteConfig {
        name: "Harbour".into(),
        home: None,
        articles: vec![format!("{}/wp-json/wp/v2/posts?_embed", server.base_url())],
        events: vec![],
    }]);
    let out = env.run(&["sync"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (server, env)
}

#[test]
fn the_featured_image_and_its_copy_in_the_body_are_one_picture_with_its_credit() {
    let (_server, env) = served_post();
    let v = env.json(&["--offline", "articles", "--json"]);
    let a = &v[0];
    let images = a["images"].as_array().unwrap();
    let ferry: Vec<_> = images
        .iter()
        .filter(|i| i["url"].as_str().unwrap().contains("night-ferry"))
        .collect();
    assert_eq!(ferry.len(), 1, "one picture of the ferry: {images:#?}");
    assert!(
        ferry[0]["url"]
            .as_str()
            .unwrap()
            .ends_with("/night-ferry.jpg")
    );
    assert_eq!(
        ferry[0]["caption"],
        "The ferry leaving the north pier at dusk."
    );
    assert_eq!(ferry[0]["credit"], "Ruth Okafor");

    let credit_of = |name: &str| {
        images
            .iter()
            .find(|i| i["url"].as_str().unwrap().contains(name))
            .unwrap_or_else(|| panic!("no {name} in {images:#?}"))
            .clone()
    };
    let deckhand = credit_of("deckhand");
    assert_eq!(
        deckhand["caption"],
        "Deckhand Sam Ellery, who has worked the route since 1998."
    );
    assert_eq!(deckhand["credit"], "Harbour Trust");
    let timetable = credit_of("timetable");
    assert_eq!(timetable["caption"], "The first timetable, 1986.");
    assert_eq!(timetable["credit"], "© Harbour Museum");
    assert_eq!(images.len(), 3, "{images:#?}");
}

#[test]
fn the_reader_shows_the_credit_under_the_caption_once() {
    let (_server, env) = served_post();
    let v = env.json(&["--offline", "articles", "--json"]);
    let id = v[0]["id"].as_str().unwrap();
    let text = env.ok(&["--offline", "read", id, "--width", "100"]);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert_eq!(
        flat.matches("The ferry leaving the north pier").count(),
        1,
        "the picture is shown once:\n{text}"
    );
    let lines: Vec<&str> = text.lines().collect();
    let caption = lines
        .iter()
        .position(|l| l.contains("The ferry leaving the north pier"))
        .unwrap();
    let credit = lines
        .iter()
        .position(|l| l.contains("Ruth Okafor"))
        .unwrap_or_else(|| panic!("no credit in:\n{text}"));
    assert!(
        credit > caption,
        "the credit comes under the caption:\n{text}"
    );
    assert!(text.contains("Harbour Trust"), "{text}");
}
