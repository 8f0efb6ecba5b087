"""The theme around every page: head with Yoast and REST discovery tags,
header, navigation, cookie banner, sidebar, footer. Pages carry as much
clutter as a real WordPress theme so full-text extraction has work to do."""

import hashlib
from html import unescape
from urllib.parse import quote

from people import AUTHORS, CATEGORIES
from wp import ORIGIN, SITE_NAME, TAGLINE, esc_attr, iso_offset, plain_json, strip_tags

NAV = [
    ("What&#8217;s On", "/events/"), ("Arts &#038; Culture", "/category/arts/"),
    ("Business", "/category/business/"), ("Policy", "/category/policy/"),
    ("News", "/category/news/"), ("Membership", "/membership/"), ("About", "/about/"),
]


def head(title, description, canonical, jsonld, extra=""):
    return f"""<!doctype html>
<html lang="en-GB">
<head>
	<meta charset="UTF-8">
	<meta name="viewport" content="width=device-width, initial-scale=1">
	<link rel="profile" href="https://gmpg.org/xfn/11">
	<meta name='robots' content='index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1' />

	<!-- This site is optimized with the Yoast SEO plugin v24.1 - https://yoast.com/wordpress/plugins/seo/ -->
	<title>{title}</title>
	<meta name="description" content="{esc_attr(description)}" />
	<link rel="canonical" href="{canonical}" />
	<meta property="og:locale" content="en_GB" />
	<meta property="og:title" content="{title}" />
	<meta property="og:url" content="{canonical}" />
	<meta property="og:site_name" content="{SITE_NAME}" />
	<meta name="twitter:card" content="summary_large_image" />
	<script type="application/ld+json" class="yoast-schema-graph">{jsonld}</script>
	<!-- / Yoast SEO plugin. -->

<link rel='dns-prefetch' href='//fonts.googleapis.com' />
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" href="{ORIGIN}/feed/" />
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Comments Feed" href="{ORIGIN}/comments/feed/" />
<link rel="alternate" type="text/calendar" title="{SITE_NAME} &raquo; iCal Feed" href="{ORIGIN}/events/?ical=1" />
{extra}<link rel='stylesheet' id='wp-block-library-css' href='{ORIGIN}/wp-includes/css/dist/block-library/style.min.css?ver=6.8.3' media='all' />
<link rel='stylesheet' id='tribe-events-v2-single-skeleton-css' href='{ORIGIN}/wp-content/plugins/the-events-calendar/src/resources/css/tribe-events-single-skeleton.min.css?ver=6.8.2' media='all' />
<link rel='stylesheet' id='meridian-style-css' href='{ORIGIN}/wp-content/themes/meridian/style.css?ver=2.4.1' media='all' />
<script src="{ORIGIN}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<link rel="https://api.w.org/" href="{ORIGIN}/wp-json/" /><link rel="EditURI" type="application/rsd+xml" title="RSD" href="{ORIGIN}/xmlrpc.php?rsd" />
<meta name="generator" content="WordPress 6.8.3" />
<meta name="tec-api-version" content="v1"><meta name="tec-api-origin" content="{ORIGIN}"><link rel="alternate" href="{ORIGIN}/wp-json/tribe/events/v1/" />
<style id="wp-custom-css">.site-header{{background:#0b2a3c}} .wp-caption-text{{font-size:.85em}}</style>
</head>
"""


def header(body_class):
    nav = "\n".join(
        f'\t\t\t<li id="menu-item-{100 + i}" class="menu-item menu-item-type-custom menu-item-{100 + i}"><a href="{ORIGIN}{href}">{label}</a></li>'
        for i, (label, href) in enumerate(NAV)
    )
    return f"""<body class="{body_class}">
<div id="page" class="site">
	<a class="skip-link screen-reader-text" href="#primary">Skip to content</a>
	<div id="cookie-law-info-bar" data-nosnippet="true" role="dialog" aria-label="Cookie consent">
		<span>We use cookies to understand how you use our website and to improve your experience. By clicking &#8220;Accept All&#8221;, you consent to the use of ALL the cookies. <a href="{ORIGIN}/privacy-policy/" id="CONSTANT_OPEN_URL" target="_blank" class="cli-plugin-main-link">Read More</a></span>
		<a role='button' data-cli_action="accept" id="cookie_action_close_header" class="cli_action_button">Accept All</a>
		<a role='button' id="cookie_action_close_header_reject" class="cli_action_button">Reject</a>
	</div>
	<header id="masthead" class="site-header">
		<div class="site-branding">
			<p class="site-title"><a href="{ORIGIN}/" rel="home">{SITE_NAME}</a></p>
			<p class="site-description">{TAGLINE}</p>
		</div>
		<form role="search" method="get" class="search-form" action="{ORIGIN}/">
			<label><span class="screen-reader-text">Search for:</span><input type="search" class="search-field" placeholder="Search &hellip;" value="" name="s" /></label>
			<input type="submit" class="search-submit" value="Search" />
		</form>
		<nav id="site-navigation" class="main-navigation" aria-label="Primary">
			<button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Menu</button>
			<ul id="primary-menu" class="menu">
{nav}
			</ul>
		</nav>
	</header>
"""


def sidebar(posts, events):
    recent = "\n".join(f'\t\t\t<li><a href="{p.link}">{p.title}</a></li>' for p in list(reversed(posts))[:5])
    upcoming = "\n".join(
        f'\t\t\t<li class="tribe-events-widget-events-list__event"><a href="{e["url"]}">{e["title"]}</a> <time>{e["start"].strftime("%d %b %Y")}</time></li>'
        for e in events if e["upcoming"]
    )
    return f"""	<aside id="secondary" class="widget-area">
		<section id="block-3" class="widget widget_block">
			<h2 class="widget-title">Newsletter</h2>
			<form class="mc4wp-form" method="post"><input type="email" name="EMAIL" placeholder="Your email address" required /><input type="submit" value="Sign up" /></form>
		</section>
		<section id="recent-posts-2" class="widget widget_recent_entries">
			<h2 class="widget-title">Latest</h2>
			<ul>
{recent}
			</ul>
		</section>
		<section id="tribe-widget-events-list-2" class="widget tribe-events-widget">
			<h2 class="widget-title">Upcoming Events</h2>
			<ul>
{upcoming}
			</ul>
			<a href="{ORIGIN}/events/" class="tribe-events-widget-events-list__view-more-link">View Calendar</a>
		</section>
	</aside>
"""


def footer():
    return f"""	<footer id="colophon" class="site-footer">
		<div class="footer-columns">
			<div><h3>Visit</h3><p>Meridian House<br />63 Wimpole Street<br />London W1G 8AL</p><p>Open Tuesday&ndash;Saturday, 10am&ndash;6pm</p></div>
			<div><h3>Follow</h3><ul class="social"><li><a href="https://www.instagram.com/meridianhouse.example">Instagram</a></li><li><a href="https://www.linkedin.com/company/meridian-house-example">LinkedIn</a></li><li><a href="https://www.youtube.com/@meridianhouse-example">YouTube</a></li></ul></div>
			<div><h3>Support us</h3><p>Meridian House is a registered charity (no. 1090000). <a href="{ORIGIN}/support/">Donate</a></p></div>
		</div>
		<div class="site-info">&copy; 2026 {SITE_NAME}. <a href="{ORIGIN}/privacy-policy/">Privacy Policy</a> | <a href="{ORIGIN}/terms/">Terms</a></div>
	</footer>
</div><!-- #page -->
<script type="speculationrules">{{"prefetch":[{{"source":"document","where":{{"and":[{{"href_matches":"\\/*"}},{{"not":{{"href_matches":["\\/wp-*.php","\\/wp-admin\\/*"]}}}}]}},"eagerness":"conservative"}}]}}</script>
<script id="cookie-law-info-js-extra">var Cli_Data = {{"nn_cookie_ids":[],"cookielist":[],"ccpaEnabled":"","ccpaRegionBased":""}};</script>
<script src="{ORIGIN}/wp-content/themes/meridian/js/navigation.js?ver=2.4.1" id="meridian-navigation-js"></script>
</body>
</html>
"""


def share_buttons(url, title):
    u = quote(url, safe="")
    t = quote(strip_tags(title), safe="")
    return f"""<div class="sharedaddy sd-sharing-enabled"><div class="robots-nocontent sd-block sd-social"><h3 class="sd-title">Share this:</h3><div class="sd-content"><ul>
<li class="share-x"><a rel="nofollow noopener noreferrer" class="share-x sd-button" href="https://x.com/intent/tweet?url={u}&amp;text={t}" target="_blank" title="Click to share on X"><span>X</span></a></li>
<li class="share-linkedin"><a rel="nofollow noopener noreferrer" class="share-linkedin sd-button" href="https://www.linkedin.com/sharing/share-offsite/?url={u}" target="_blank"><span>LinkedIn</span></a></li>
<li class="share-facebook"><a rel="nofollow noopener noreferrer" class="share-facebook sd-button" href="https://www.facebook.com/sharer.php?u={u}" target="_blank"><span>Facebook</span></a></li>
<li class="share-email"><a rel="nofollow noopener noreferrer" class="share-email sd-button" href="mailto:?subject={t}&amp;body={u}" target="_blank"><span>Email</span></a></li>
</ul></div></div></div>"""


def article_page(p, posts, events):
    aid, aname, adesc = AUTHORS[p.author]
    m = p.media[p.featured]
    person = hashlib.md5(aname.encode()).hexdigest()
    headline = unescape(p.title)
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "NewsArticle", "@id": f"{p.link}#article", "isPartOf": {"@id": p.link},
         "author": {"name": aname, "@id": f"{ORIGIN}/#/schema/person/{person}"},
         "headline": headline, "datePublished": iso_offset(p.date),
         "dateModified": iso_offset(p.modified), "mainEntityOfPage": {"@id": p.link},
         "wordCount": p.word_count, "commentCount": 0,
         "publisher": {"@id": f"{ORIGIN}/#organization"}, "image": {"@id": f"{p.link}#primaryimage"},
         "thumbnailUrl": m.url("full"), "keywords": p.tags,
         "articleSection": [CATEGORIES[c][1].replace("&amp;", "&") for c in p.cats], "inLanguage": "en-GB",
         "potentialAction": [{"@type": "CommentAction", "name": "Comment", "target": [f"{p.link}#respond"]}]},
        {"@type": "WebPage", "@id": p.link, "url": p.link, "name": f"{headline} - {SITE_NAME}",
         "isPartOf": {"@id": f"{ORIGIN}/#website"}, "primaryImageOfPage": {"@id": f"{p.link}#primaryimage"},
         "image": {"@id": f"{p.link}#primaryimage"}, "thumbnailUrl": m.url("full"),
         "datePublished": iso_offset(p.date), "dateModified": iso_offset(p.modified),
         "description": unescape(strip_tags(p.excerpt)), "breadcrumb": {"@id": f"{p.link}#breadcrumb"},
         "inLanguage": "en-GB", "potentialAction": [{"@type": "ReadAction", "target": [p.link]}]},
        {"@type": "ImageObject", "inLanguage": "en-GB", "@id": f"{p.link}#primaryimage",
         "url": m.url("full"), "contentUrl": m.url("full"), "width": 1200, "height": 800,
         "caption": unescape(m.caption_text())},
        {"@type": "BreadcrumbList", "@id": f"{p.link}#breadcrumb", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{ORIGIN}/"},
            {"@type": "ListItem", "position": 2, "name": headline}]},
        {"@type": "WebSite", "@id": f"{ORIGIN}/#website", "url": f"{ORIGIN}/", "name": SITE_NAME,
         "description": TAGLINE, "publisher": {"@id": f"{ORIGIN}/#organization"}, "inLanguage": "en-GB"},
        {"@type": "Organization", "@id": f"{ORIGIN}/#organization", "name": SITE_NAME, "url": f"{ORIGIN}/",
         "logo": {"@type": "ImageObject", "url": f"{ORIGIN}/wp-content/uploads/2025/03/cropped-mh-icon-32x32.png"}},
        {"@type": "Person", "@id": f"{ORIGIN}/#/schema/person/{person}", "name": aname,
         "url": f"{ORIGIN}/author/{p.author}/"},
    ]}
    related = [q for q in reversed(posts) if q.id != p.id and set(q.cats) & set(p.cats)][:3]
    related_html = "\n".join(
        f'\t\t\t<div class="jp-relatedposts-post"><a class="jp-relatedposts-post-a" href="{q.link}" title="{esc_attr(strip_tags(q.title_raw))}">'
        f'<img loading="lazy" class="jp-relatedposts-post-img" src="{q.media[q.featured].url("medium")}" width="300" height="200" alt="" /></a>'
        f'<h4 class="jp-relatedposts-post-title"><a href="{q.link}">{q.title}</a></h4><p class="jp-relatedposts-post-date">{q.date.strftime("%-d %B %Y")}</p></div>'
        for q in related
    )
    cats = ", ".join(f'<a href="{ORIGIN}/category/{c}/" rel="category tag">{CATEGORIES[c][1]}</a>' for c in p.cats)
    title = f"{p.title} - {SITE_NAME}"
    extra = (f'<link rel="alternate" title="JSON" type="application/json" href="{ORIGIN}/wp-json/wp/v2/posts/{p.id}" />\n'
             f"<link rel='shortlink' href='{ORIGIN}/?p={p.id}' />\n")
    body_class = (f"post-template-default single single-post postid-{p.id} single-format-standard "
                  "wp-embed-responsive tribe-no-js")
    return (
        head(title, strip_tags(p.excerpt), p.link, plain_json(graph), extra)
        + header(body_class)
        + f"""	<div id="content" class="site-content">
	<main id="primary" class="site-main">
		<article id="post-{p.id}" class="post-{p.id} post type-post status-publish format-standard has-post-thumbnail hentry">
			<header class="entry-header">
				<div class="entry-categories">{cats}</div>
				<h1 class="entry-title">{p.title}</h1>
				<div class="entry-meta"><span class="byline">By <span class="author vcard"><a class="url fn n" href="{ORIGIN}/author/{p.author}/">{aname}</a></span></span> <span class="posted-on"><time class="entry-date published" datetime="{iso_offset(p.date)}">{p.date.strftime("%-d %B %Y")}</time><time class="updated" datetime="{iso_offset(p.modified)}">{p.modified.strftime("%-d %B %Y")}</time></span></div>
			</header>
			<div class="post-thumbnail"><img width="1200" height="800" src="{m.url("full")}" class="attachment-post-thumbnail size-post-thumbnail wp-post-image" alt="{esc_attr(m.alt)}" decoding="async" srcset="{m.srcset()}" sizes="(max-width: 1200px) 100vw, 1200px" /></div>
			<div class="entry-content">
{p.content}
{share_buttons(p.link, p.title)}
<div id='jp-relatedposts' class='jp-relatedposts'>
	<h3 class="jp-relatedposts-headline"><em>Related</em></h3>
{related_html}
</div>
			</div><!-- .entry-content -->
			<footer class="entry-footer"><span class="cat-links">Posted in {cats}</span></footer>
		</article>
		<div class="author-bio"><h2>About {aname}</h2><p>{adesc}</p></div>
		<div id="comments" class="comments-area">
			<div id="respond" class="comment-respond">
				<h3 id="reply-title" class="comment-reply-title">Leave a Reply <small><a rel="nofollow" id="cancel-comment-reply-link" href="{p.link}#respond" style="display:none;">Cancel reply</a></small></h3>
				<form action="{ORIGIN}/wp-comments-post.php" method="post" id="commentform" class="comment-form">
					<p class="comment-notes"><span id="email-notes">Your email address will not be published.</span> Required fields are marked <span class="required">*</span></p>
					<p class="comment-form-comment"><label for="comment">Comment <span class="required">*</span></label> <textarea id="comment" name="comment" cols="45" rows="8" maxlength="65525" required></textarea></p>
					<p class="comment-form-author"><label for="author">Name <span class="required">*</span></label> <input id="author" name="author" type="text" value="" size="30" maxlength="245" autocomplete="name" required /></p>
					<p class="comment-form-email"><label for="email">Email <span class="required">*</span></label> <input id="email" name="email" type="email" value="" size="30" maxlength="100" autocomplete="email" required /></p>
					<p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /> <input type='hidden' name='comment_post_ID' value='{p.id}' id='comment_post_ID' /></p>
				</form>
			</div><!-- #respond -->
		</div>
	</main>
"""
        + sidebar(posts, events)
        + "\t</div><!-- #content -->\n"
        + footer()
    )


def home_page(posts, events):
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "CollectionPage", "@id": f"{ORIGIN}/", "url": f"{ORIGIN}/", "name": f"{SITE_NAME} - {TAGLINE}",
         "isPartOf": {"@id": f"{ORIGIN}/#website"}, "inLanguage": "en-GB"},
        {"@type": "WebSite", "@id": f"{ORIGIN}/#website", "url": f"{ORIGIN}/", "name": SITE_NAME,
         "publisher": {"@id": f"{ORIGIN}/#organization"}, "inLanguage": "en-GB"},
        {"@type": "Organization", "@id": f"{ORIGIN}/#organization", "name": SITE_NAME, "url": f"{ORIGIN}/"},
    ]}
    cards = "\n".join(
        f"""		<article class="post-card post-{p.id}">
			<a href="{p.link}"><img loading="lazy" decoding="async" src="{p.media[p.featured].url("medium")}" width="300" height="200" alt="{esc_attr(p.media[p.featured].alt)}" /></a>
			<span class="post-card__cat">{CATEGORIES[p.cats[0]][1]}</span>
			<h2 class="post-card__title"><a href="{p.link}">{p.title}</a></h2>
			<div class="post-card__excerpt"><p>{p.excerpt} [&hellip;]</p></div>
		</article>"""
        for p in reversed(posts)
    )
    return (
        head(f"{SITE_NAME} - {TAGLINE}", TAGLINE, f"{ORIGIN}/", plain_json(graph))
        + header("home blog wp-embed-responsive tribe-no-js")
        + f"""	<div id="content" class="site-content">
	<main id="primary" class="site-main">
		<section class="hero"><h1>{SITE_NAME}</h1><p>{TAGLINE}. Talks, exhibitions, research and a meeting place in central London.</p></section>
		<section class="whats-on">
			<h2>What&#8217;s on</h2>
			<p><a href="{ORIGIN}/events/">All events</a> &middot; <a class="tribe-events-c-subscribe-dropdown__export-url" href="{ORIGIN}/events/?ical=1" type="text/calendar" title="Download .ics file">Export Events</a> &middot; <a href="{ORIGIN}/wp-json/tribe/events/v1/events" type="application/json">Events API</a></p>
		</section>
		<section class="latest-posts">
{cards}
		</section>
	</main>
"""
        + sidebar(posts, events)
        + "\t</div><!-- #content -->\n"
        + footer()
    )


def events_page(events):
    rows = "\n".join(
        f"""		<div class="tribe-events-calendar-list__event-row">
			<time class="tribe-events-calendar-list__event-date-tag-datetime" datetime="{e["start"].strftime("%Y-%m-%d")}">{e["start"].strftime("%a %d %b")}</time>
			<h3 class="tribe-events-calendar-list__event-title"><a href="{e["url"]}" class="tribe-events-calendar-list__event-title-link">{e["title"]}</a></h3>
			<address class="tribe-events-calendar-list__event-venue">{e["venue"]["venue"]}</address>
		</div>"""
        for e in events
    )
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "CollectionPage", "@id": f"{ORIGIN}/events/", "url": f"{ORIGIN}/events/",
         "name": f"Events Archive - {SITE_NAME}", "inLanguage": "en-GB"}]}
    return (
        head(f"Events Archive - {SITE_NAME}", "Talks, screenings, exhibitions and workshops.", f"{ORIGIN}/events/", plain_json(graph))
        + header("post-type-archive post-type-archive-tribe_events tribe-events-page-template")
        + f"""	<div id="content" class="site-content">
	<main id="primary" class="site-main">
	<div class="tribe-common tribe-events tribe-events-view tribe-events-view--list">
		<h1 class="tribe-events-header__title-text">Events</h1>
{rows}
		<div class="tribe-events-c-subscribe-dropdown__container"><ul class="tribe-events-c-subscribe-dropdown__list">
			<li><a class="tribe-events-c-subscribe-dropdown__list-item-link" href="https://www.google.com/calendar/render?cid=webcal%3A%2F%2Fmeridian.example%2Fevents%2F%3Fical%3D1" target="_blank" rel="noopener noreferrer nofollow noindex">Google Calendar</a></li>
			<li><a class="tribe-events-c-subscribe-dropdown__list-item-link" href="{ORIGIN}/events/?ical=1" target="_blank" rel="noopener noreferrer nofollow noindex">Export .ics file</a></li>
		</ul></div>
	</div>
	</main>
	</div><!-- #content -->
"""
        + footer()
    )


def event_page(e, schema_json):
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "@id": e["url"], "url": e["url"], "name": f"{strip_tags(e['title'])} - {SITE_NAME}",
         "isPartOf": {"@id": f"{ORIGIN}/#website"}, "inLanguage": "en-GB"},
        {"@type": "WebSite", "@id": f"{ORIGIN}/#website", "url": f"{ORIGIN}/", "name": SITE_NAME}]}
    return (
        head(f"{e['title']} - {SITE_NAME}", strip_tags(e["excerpt"]), e["url"], plain_json(graph),
             f'<script type="application/ld+json">\n{schema_json}\n</script>\n')
        + header(f"tribe_events-template-default single single-tribe_events postid-{e['id']} tribe-events-page-template")
        + f"""	<div id="content" class="site-content">
	<main id="primary" class="site-main">
	<div id="tribe-events-content" class="tribe-events-single">
		<p class="tribe-events-back"><a href="{ORIGIN}/events/"> &laquo; All Events</a></p>
		{'<div class="tribe-events-notices"><ul><li>This event has been cancelled.</li></ul></div>' if e["cancelled"] else ""}
		<h1 class="tribe-events-single-event-title">{e["title"]}</h1>
		<div class="tribe-events-schedule tribe-clearfix"><h2><span class="tribe-event-date-start">{e["when_text"]}</span></h2>{f'<span class="tribe-events-cost">{e["cost"]}</span>' if e["cost"] else ""}</div>
		<div class="tribe-events-single-event-description tribe-events-content">
{e["description"]}
		</div>
		<div class="tribe-events-cal-links"><a class="tribe-events-gcal tribe-events-button" href="https://www.google.com/calendar/event?action=TEMPLATE&#038;text={quote(strip_tags(e['title']))}" title="Add to Google Calendar">+ Google Calendar</a><a class="tribe-events-ical tribe-events-button" href="{e["url"]}?ical=1" title="Download .ics file" >+ iCal Export</a></div>
		<div class="tribe-events-single-section tribe-events-event-meta primary tribe-clearfix">
			<div class="tribe-events-meta-group tribe-events-meta-group-venue"><h2 class="tribe-events-single-section-title">Venue</h2>
				<dl><dt class="tribe-venue">{e["venue"]["venue"]}</dt><dd class="tribe-venue-location"><address class="tribe-events-address">{e["venue"]["address"]}, {e["venue"]["city"]} {e["venue"]["zip"]} {e["venue"]["country"]}</address></dd></dl>
			</div>
			{f'<div class="tribe-events-meta-group"><a href="{e["website"]}" target="_self" rel="external">Book now</a></div>' if e["website"] else ""}
		</div>
	</div>
	</main>
	</div><!-- #content -->
"""
        + footer()
    )
