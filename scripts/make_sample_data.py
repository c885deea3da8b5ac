#!/usr/bin/env python3
"""Build spamspan's small hand-written labelled sample set and the CLI test fixtures.

Every document below is written for this project (no text is taken from any corpus). A
document is a list of pieces: plain strings are clean text, ``SPAM(text, kind)`` pieces are
injected spam. Offsets are computed from the pieces (Unicode code points, end exclusive, as
in FORMAT.md), never typed by hand.

Writes (deterministically; run from anywhere):
  data/sample/train.jsonl   ~40 labelled documents
  data/sample/test.jsonl    ~20 labelled documents, spam domains and anchors held out from train
  data/sample/README.md
  tests/fixtures/*          plain files for end-to-end CLI tests, with .expected.json sidecars
                            listing the exact injected substrings of the injected fixtures

Everything is verified before anything is written; the JSONL files are re-read and re-checked
after writing.

usage: python3 scripts/make_sample_data.py
"""
from __future__ import annotations

import json
import pathlib
import re
import sys
import urllib.parse
from collections import Counter

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "data" / "sample"
FIXTURE_DIR = ROOT / "tests" / "fixtures"

FORMATS = {"text", "markdown", "html"}
KINDS = {
    "bare_url",           # a URL dropped mid-sentence
    "anchor_text",        # the anchor text of a stripped link, without its URL
    "markdown_link",      # [anchor](url) mid-sentence
    "markdown_ref_link",  # [anchor][n] mid-sentence
    "reference_def",      # the matching "[n]: url" line
    "html_link",          # <a href=…>anchor</a> inside a paragraph
    "hidden_block",       # display:none / off-screen block, whole
    "link_list",          # one line or <li> of an appended list of links
    "link_wheel",         # one-word anchor to an unrelated site
    "bbcode",             # [url=…]anchor[/url]
}


class Spam:
    """An injected piece of a document."""

    __slots__ = ("text", "kind")

    def __init__(self, text: str, kind: str) -> None:
        self.text = text
        self.kind = kind


def SPAM(text: str, kind: str) -> Spam:  # noqa: N802 - reads like data
    return Spam(text, kind)


def build(pieces: list) -> tuple[str, list[dict], list[str]]:
    """Join pieces into (text, spans, injected texts)."""
    parts: list[str] = []
    spans: list[dict] = []
    injected: list[str] = []
    pos = 0
    for p in pieces:
        if isinstance(p, Spam):
            if p.kind not in KINDS:
                raise ValueError(f"unknown kind {p.kind!r}")
            spans.append({"start": pos, "end": pos + len(p.text), "label": "spam", "kind": p.kind})
            injected.append(p.text)
            parts.append(p.text)
            pos += len(p.text)
        elif isinstance(p, str):
            parts.append(p)
            pos += len(p)
        else:
            raise TypeError(f"piece of type {type(p).__name__}")
    return "".join(parts), spans, injected


def D(doc_id: str, fmt: str, pieces: list, *, lang: str, url: str | None = None, note: str | None = None) -> dict:
    """One labelled document (private keys start with an underscore and are not written)."""
    text, spans, injected = build(pieces)
    rec: dict = {"id": doc_id, "format": fmt}
    if url:
        rec["url"] = url
    rec["text"] = text
    rec["spans"] = spans
    meta = {"lang": lang, "source": "written for spamspan's sample set"}
    if note:
        meta["note"] = note
    rec["meta"] = meta
    rec["_injected"] = injected
    return rec


# ---------------------------------------------------------------------------------------------
# TRAIN: injected documents
# ---------------------------------------------------------------------------------------------

TRAIN: list[dict] = []

TRAIN.append(D("tr-inj-spun-council-budget", "text", [
    "Town council associates voted 6-3 on Tuesday evening to approve a revised spending budget "
    "that trims library hrs and raises parking costs downtown, ending a month of tense discu sion. "
    "Mayor Linda Ca sidy called the vote \"a painful compromise\" and said the town experienced no other "
    "way to shut a $4.2 million gap with no layoffs. Opponents argued the parking increase would strike "
    "tiny busine ses the toughest, especially together Front Street, in which ",
    SPAM("https://www.puckpridestore.com/Mattias-Kovalenko-Jersey", "bare_url"),
    " store proprietors have already complained about less site visitors because the bridge closure "
    "past autumn. Councilwoman Rita Alvarez proposed delaying the rise till January, however the "
    "amendment unsucce sful. The library will now close at 6 p.m. on weekdays in lieu of 8 p.m., a "
    "modify that librarians warned would hurt pupils who count on the free of charge wi-fi. \"We are "
    "a se sing every single line of the paying program,\" stated finance director Tom Becker, who "
    "added that reserves are now beneath the extent advised through the state. Inhabitants packed the "
    "chamber and lots of ",
    SPAM("Oskar Lindqvist Jersey", "anchor_text"),
    " spoke throughout the general public comment period, some holding symptoms that browse Preserve "
    "Our Library. The spending plan requires effect July a single.",
], lang="en", url="http://localnews-mirror24.info/2019/04/council-approves-budget/",
   note="machine-spun local news copy; the spinning is not labelled"))

TRAIN.append(D("tr-inj-spun-bees-outlet", "text", [
    "Bumblebees exposed to frequent farm pesticides ended up slower to learn the odor of flowers and "
    "collected significantly le s pollen, a whole new study finds. Scientists at a British college "
    "gave colonies sugar water laced with small doses of a neonicotinoid, the kind of dose a bee "
    "may well come acro s in a field treated with the chemical, and then tracked foragers with little "
    "radio tags glued to their backs. The uncovered bees made fewer thriving trips and were being ",
    SPAM("http://www.coachoutletbagsvip.com/", "bare_url"),
    " more likely to get lost on the way home, the team noted inside the journal. \"It is not that "
    "the bees drop dead,\" explained the lead creator. \"They just get worse at their work, and a "
    "colony cannot afford that.\" Pesticide makers argued that area exposure is normally reduced than "
    "within the experiment, and that other aspects like parasites and habitat lo s issue far more. The "
    "European Union restricted outside use of three neonicotinoids in 2018; regulators from the ",
    SPAM("Michael Kors Outlet Online", "anchor_text"),
    " U.s. are still reviewing the chemical substances.",
], lang="en", note="spun science news with an outlet URL and an outlet anchor"))

TRAIN.append(D("tr-inj-md-tomatoes", "markdown", [
    "# Growing tomatoes in containers\n\n"
    "After three summers of trial and error on a north-facing balcony, I have finally settled on a "
    "routine that works. The short version: pick a determinate variety, use a pot of at least 20 "
    "litres, and water deeply rather than often. Blossom-end rot, which I used to blame on bad luck, "
    "turns out to be mostly a watering problem[1].\n\n"
    "I start seeds indoors in early March under a shop light, and move them out once night "
    "temperatures stay above 10 °C. Hardening off matters more than I expected: a week of a few hours "
    "outside each day, ",
    SPAM("[cheap nba jerseys](http://www.hoopsjerseyhub.com/)", "markdown_link"),
    " longer every afternoon, and the seedlings stop sulking after transplant.\n\n"
    "## Feeding\n\n"
    "A balanced liquid feed every two weeks until the first flowers, then a high-potassium tomato "
    "feed. I stopped using fresh manure in pots; it burned the roots in year one. Compost tea is fine "
    "but honestly no better than the bottled stuff in my small trials, and the ",
    SPAM("[replica watches][2]", "markdown_ref_link"),
    " smell is not worth it on a balcony shared with neighbours.\n\n"
    "## What I grow now\n\n"
    "- 'Tumbling Tom' in hanging baskets\n"
    "- 'Maskotka' for the big pots\n"
    "- one 'Sungold' for eating straight off the vine\n\n"
    "[1]: https://en.wikipedia.org/wiki/Blossom_end_rot\n",
    SPAM("[2]: http://www.swisstimereplica.net/rolex-submariner-replica", "reference_def"),
    "\n",
], lang="en", note="legitimate reference link [1] next to an injected one [2]"))

TRAIN.append(D("tr-inj-html-sourdough-levitra", "html", [
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>Sourdough, week six: finally an open crumb | Flour &amp; Patience</title>\n"
    "<link rel=\"stylesheet\" href=\"/wp-content/themes/kneady/style.css\">\n</head>\n"
    "<body class=\"post-template-default single\">\n"
    "<header class=\"site-header\"><a href=\"/\" class=\"site-title\">Flour &amp; Patience</a>\n"
    "<nav><a href=\"/recipes/\">Recipes</a> <a href=\"/starter/\">Starter care</a> "
    "<a href=\"/about/\">About</a></nav></header>\n"
    "<article class=\"post\">\n<h1>Sourdough, week six: finally an open crumb</h1>\n"
    "<p class=\"meta\">Posted on March 12 by Hannah</p>\n"
    "<p>Six weeks ago I fed a jar of flour and water and hoped for the best. This week the loaf "
    "finally came out with the big irregular holes I have been chasing. The change that made the "
    "difference was not the flour or the oven but time: I let the bulk ferment run until the dough "
    "had grown by about 75&nbsp;percent, instead of stopping when the timer went off.</p>\n"
    "<p>I also switched to coil folds, following <a href=\"/starter/coil-folds/\">my own notes "
    "from last month</a>, which are much kinder to a wet dough than stretching it over itself. Four "
    "sets, thirty minutes apart, and the dough went from slack to ",
    SPAM("<a href=\"http://www.pharmaquickrx.com/generic-levitra-20mg\">generic levitra</a>", "html_link"),
    " smooth and domed.</p>\n"
    "<p>Next week: rye. My starter is already sulking about it.</p>\n"
    "</article>\n"
    "<footer><p>&copy; Flour &amp; Patience. Powered by WordPress.</p></footer>\n"
    "<script src=\"/wp-includes/js/wp-emoji-release.min.js\"></script>\n"
    "</body>\n</html>\n",
], lang="en", url="https://flourandpatience.example.net/2021/03/sourdough-week-six/"))

TRAIN.append(D("tr-inj-html-library-offscreen-payday", "html", [
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>Spring events at the Millbrook Public Library</title>\n</head>\n<body>\n"
    "<div id=\"page\">\n<h1>Spring events</h1>\n"
    "<p>All events are free and take place in the community room unless noted. Registration opens "
    "two weeks before each event at the front desk or by phone.</p>\n"
    "<ul class=\"events\">\n"
    "<li><strong>April 4</strong> &ndash; Tax help for seniors, with volunteers from the AARP "
    "Foundation. Bring last year's return.</li>\n"
    "<li><strong>April 11</strong> &ndash; Seed library swap. Take a packet, leave a packet.</li>\n"
    "<li><strong>April 25</strong> &ndash; Family movie afternoon (rated G, popcorn provided).</li>\n"
    "</ul>\n"
    "<p>Questions? See our <a href=\"/faq/\">frequently asked questions</a> or call "
    "(555) 010-2231.</p>\n</div>\n",
    SPAM("<div style=\"position:absolute;left:-9999px;top:-9999px\">\n"
         "<a href=\"https://www.fastpaydaybridge.com/\">payday loans online</a>\n"
         "<a href=\"https://www.fastpaydaybridge.com/same-day\">same day payday loans</a>\n"
         "<a href=\"https://www.cashtilfriday.com/no-credit-check\">no credit check loans</a>\n"
         "<a href=\"https://www.cashtilfriday.com/\">cash advance</a>\n"
         "</div>", "hidden_block"),
    "\n<footer><a href=\"/hours/\">Hours</a> | <a href=\"/contact/\">Contact</a></footer>\n"
    "</body>\n</html>\n",
], lang="en", note="off-screen block between the content and the footer, labelled whole"))

TRAIN.append(D("tr-inj-html-crepes-watch-list", "html", [
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
    "<title>Buckwheat crêpes (galettes) for a crowd</title></head>\n<body>\n"
    "<article>\n<h1>Buckwheat crêpes (galettes) for a crowd</h1>\n"
    "<p>Galettes are the savoury Breton cousin of the sweet crêpe, and they are naturally "
    "gluten-free if you use pure buckwheat flour. The batter is just flour, water, salt and one egg; "
    "it needs to rest overnight in the fridge.</p>\n"
    "<ol>\n<li>Whisk 250&nbsp;g buckwheat flour with 1 tsp salt.</li>\n"
    "<li>Add 600&nbsp;ml cold water gradually, then the egg.</li>\n"
    "<li>Rest 12 hours. Cook on a very hot, lightly buttered pan.</li>\n</ol>\n"
    "<p>Fill with ham, gruyère and an egg for a <em>complète</em>.</p>\n</article>\n"
    "<section id=\"comments\">\n<h2>3 comments</h2>\n<ol class=\"comment-list\">\n"
    "<li class=\"comment\"><p class=\"author\">Marek</p><p>Made these with a mix of buckwheat "
    "and rice flour, worked fine with an extra egg.</p></li>\n"
    "<li class=\"comment\"><p class=\"author\">Soizic</p><p>Chez nous on ajoute un peu de "
    "cidre dans la pâte. Merci pour la recette !</p></li>\n"
    "<li class=\"comment\"><p class=\"author\">Dave</p><p>Do you need a special crêpe pan?</p></li>\n"
    "</ol>\n<ul class=\"links\">\n",
    SPAM("<li><a href=\"http://www.luxwatchmirror.com/rolex-daytona\">replica rolex daytona</a></li>", "link_list"),
    "\n",
    SPAM("<li><a href=\"http://www.luxwatchmirror.com/omega\">omega replica watches</a></li>", "link_list"),
    "\n",
    SPAM("<li><a href=\"http://www.luxwatchmirror.com/\">swiss replica watches</a></li>", "link_list"),
    "\n",
    SPAM("<li><a href=\"http://www.tagmirrorwatch.net/\">fake tag heuer</a></li>", "link_list"),
    "\n</ul>\n</section>\n</body>\n</html>\n",
], lang="en", note="legitimate <ol> of comments followed by an injected <ul>, one span per <li>"))

TRAIN.append(D("tr-inj-md-lisbon-sildenafil-list", "markdown", [
    "# Three days in Lisbon on foot\n\n"
    "Lisbon is built on seven hills, and you will feel every one of them. Wear proper shoes: the "
    "calçada, the white limestone paving, is beautiful and extremely slippery after rain.\n\n"
    "**Day one** was Alfama and the castle. Go early; by eleven the lanes below São Jorge are full of "
    "tour groups. Lunch was grilled sardines at a place with four tables and no menu.\n\n"
    "**Day two** we took tram 28 once, for the experience, and then walked everywhere else. Belém is "
    "worth the trip for the monastery alone, and yes, the pastéis de nata are as good as people say.\n\n"
    "**Day three** was LX Factory and a long evening at a miradouro watching the light go over the "
    "river.\n\n"
    "Useful links:\n\n"
    "- [Carris, the city's tram and bus operator](https://www.carris.pt/)\n"
    "- [Visit Lisboa, the official tourism site](https://www.visitlisboa.com/)\n",
    SPAM("- [buy sildenafil online](https://www.bluepillexpress.net/buy-sildenafil)", "link_list"),
    "\n",
    SPAM("- [generic viagra 100mg](https://www.bluepillexpress.net/generic-viagra)", "link_list"),
    "\n",
    SPAM("- [cheap cialis no prescription](https://www.rxbargainhall.com/cialis)", "link_list"),
    "\n",
], lang="en", note="two legitimate list links followed by three injected list lines"))

TRAIN.append(D("tr-inj-md-radio-linkwheel", "markdown", [
    "## Why community radio still matters\n\n"
    "Every Thursday night a retired postman reads the local news on our station, followed by an hour "
    "of accordion music that nobody under sixty admits to enjoying. It is, by any commercial measure, "
    "terrible programming. It is also the only place where the parish council's decisions are "
    "explained in plain words, and where people ring in to argue about them.\n\n"
    "Community stations are run by volunteers who care about ",
    SPAM("[Rights](http://westcork-rambles.ie/civil-rights-walks/)", "link_wheel"),
    " and local history, and licences are cheap because the transmitters are small. The "
    "[Broadcasting Authority](https://en.wikipedia.org/wiki/Broadcasting_Authority_of_Ireland) "
    "required each station to show real local ownership, and most of ours meet that easily.\n\n"
    "What they lack is money. A station needs a studio, insurance and ",
    SPAM("[Tenancy](http://thistle-and-pine.co.uk/renting-guide/)", "link_wheel"),
    " for a small room, and advertising from the butcher and the garage only goes so far. If you "
    "listen, consider becoming a member: ten euro a month keeps the ",
    SPAM("[Gardens](http://maplegrovegardens.net/perennials/)", "link_wheel"),
    " lights on.\n",
], lang="en", note="one-word link-wheel anchors to unrelated sites next to a legitimate wikipedia link"))

TRAIN.append(D("tr-inj-forum-bike-bbcode", "text", [
    "Topic: Rear derailleur won't shift to the largest cog\n\n"
    "gravelgrinder_77 wrote:\n"
    "Bike is a 2019 steel tourer, 9-speed. Shifts fine everywhere except it won't climb onto the big "
    "cog at the back, just rattles. Cable is new. Any ideas?\n\n"
    "oldspokes wrote:\n"
    "Sounds like the low limit screw is too far in, or the cable tension is a bit slack. Turn the "
    "barrel adjuster half a turn anticlockwise and try again. There's a good walkthrough "
    "[url=https://www.parktool.com/en-us/blog/repair-help/rear-derailleur-adjustment]on Park Tool's "
    "site[/url].\n\n"
    "gravelgrinder_77 wrote:\n"
    "That was it, the L screw. Thanks!\n\n"
    "shoesdeal88 wrote:\n"
    "great info thanks for sharing ",
    SPAM("[url=http://www.airmaxretrostore.com/]cheap air max 90[/url]", "bbcode"),
    "\n\n"
    "oldspokes wrote:\n"
    "Glad it worked. Check the hanger alignment too if it ever gets knocked.\n",
], lang="en", note="a legitimate BBCode link and an injected one in the same thread"))

TRAIN.append(D("tr-inj-de-spun-bahnstreik", "text", [
    "Die Lokomotivführer-Gewerkschaft hat für den kommenden Donnerstag einen erneuten Ausstand "
    "angekündigt, welcher den Fernverkehr der Bahn weitestgehend lahmlegen dürfte. Betroffen seien "
    "ebenso der Regionalverkehr als auch die S-Bahnen in vielen Ballungsräumen, teilte die "
    "Gewerkschaft am Dienstag mit. Reisende sollten sich im Vorfeld über Ausfälle unterrichten ",
    SPAM("https://www.eishockeytrikot-shop.de/Lukas-Brandmeier-Trikot", "bare_url"),
    " und nicht notwendige Fahrten verschieben. Die Bahn bezeichnete den Streik als „völlig "
    "überflü sig“. Die Verhandlungen über höhere Löhne und eine kürzere Wochenarbeitszeit waren in "
    "der vergangenen Woche ohne Ergebni s abgebrochen worden. Ein Sprecher des Konzerns sagte, man "
    "habe ein „faires Angebot“ vorgelegt, das die Gewerkschaft nicht mal geprüft habe. "
    "Fahrgastverbände forderten beide Seiten auf, ",
    SPAM("Felix Wendlinger Trikot", "anchor_text"),
    " rasch an den Verhandlungstisch zurückzukehren. Für Pendler in München, Köln und Hamburg "
    "richtet die Bahn einen Ersatzfahrplan ein; Fahrkarten für den Streiktag behalten ihre Gültigkeit.",
], lang="de", note="spun German news with a jersey-shop (Trikot) URL and anchor"))

TRAIN.append(D("tr-inj-es-sequia-camisetas", "text", [
    "La sequía que afecta a la región desde hace más de dos años obligó este lunes al gobierno "
    "autonómico a decretar nuevas restricciones al riego agrícola. Según la agencia del agua, los "
    "embalses se encuentran al 18 por ciento de su capacidad, el nivel más bajo desde que existen "
    "registros. Los agricultores de la comarca, que dependen en gran medida del cultivo de cítricos, ",
    SPAM("camisetas de fútbol baratas", "anchor_text"),
    " advirtieron de que las pérdidas podrían superar los 200 millones de euros. «No podemos esperar "
    "a que llueva», declaró la portavoz de la cooperativa local, María José Ferrández. El plan "
    "contempla ayudas directas a las explotaciones más afectadas y la puesta en marcha de una planta "
    "desaladora ",
    SPAM("https://www.camisetasfutbolbaratas.es/camiseta-real-madrid-2024", "bare_url"),
    " que, según el consejero de Medio Ambiente, estará operativa a finales del año próximo. Los "
    "ayuntamientos de la costa también han pedido a los vecinos reducir el consumo doméstico y evitar "
    "llenar piscinas durante el verano.",
], lang="es"))

TRAIN.append(D("tr-inj-id-panen-slot", "text", [
    "Petani di sejumlah desa di Kabupaten Karawang mulai memanen padi lebih awal tahun ini karena "
    "khawatir hujan deras akan merusak tanaman yang sudah menguning. Kepala dinas pertanian setempat "
    "mengatakan hasil panen diperkirakan mencapai 6,2 ton per hektare, sedikit lebih tinggi "
    "dibandingkan musim lalu. \"Harga gabah kering panen saat ini cukup baik,\" kata Slamet, seorang "
    "petani yang menggarap dua hektare sawah. ",
    SPAM("slot gacor hari ini", "anchor_text"),
    " Pemerintah daerah juga menyiapkan mesin pengering untuk membantu petani yang tidak memiliki "
    "lantai jemur. Meski demikian, sebagian petani mengeluhkan harga pupuk yang terus naik dan "
    "sulitnya mendapatkan pupuk bersubsidi. Informasi lengkap mengenai jadwal bantuan dapat dilihat di ",
    SPAM("https://gacorjitu88.xyz/", "bare_url"),
    " kantor desa masing-masing atau ditanyakan langsung kepada penyuluh pertanian.",
], lang="id", url="https://beritadesa-terkini.example.com/panen-padi-karawang"))

TRAIN.append(D("tr-inj-fr-html-velo-memoire", "html", [
    "<!DOCTYPE html>\n<html lang=\"fr\">\n<head><meta charset=\"utf-8\">"
    "<title>La Vélodyssée en Bretagne : cinq jours de Roscoff à Nantes</title></head>\n<body>\n"
    "<nav><a href=\"/\">Accueil</a> · <a href=\"/itineraires/\">Itinéraires</a> · "
    "<a href=\"/materiel/\">Matériel</a></nav>\n"
    "<article>\n<h1>La Vélodyssée en Bretagne : cinq jours de Roscoff à Nantes</h1>\n"
    "<p>Nous sommes partis de Roscoff un lundi matin, sous un crachin très breton, avec deux "
    "sacoches chacun et une tente. Le tracé suit d'abord des voies vertes aménagées sur "
    "d'anciennes lignes de chemin de fer : c'est plat, bien balisé et presque sans voitures.</p>\n"
    "<p>Le deuxième jour, entre Carhaix et Pontivy, nous avons rejoint le canal de Nantes à Brest. "
    "Le chemin de halage est magnifique mais le revêtement varie beaucoup ; des pneus de 35&nbsp;mm "
    "minimum sont conseillés. Les écluses se succèdent ",
    SPAM("<a href=\"https://www.redaction-memoire-express.fr/\">rédaction de mémoire</a>", "html_link"),
    " et chaque éclusier a son jardin fleuri.</p>\n"
    "<p>Pour préparer votre voyage, le site officiel "
    "<a href=\"https://www.francevelotourisme.com/\">France Vélo Tourisme</a> propose les cartes "
    "étape par étape et la liste des hébergements labellisés « Accueil Vélo ».</p>\n"
    "</article>\n<footer>© 2023 Deux roues, un canal</footer>\n</body>\n</html>\n",
], lang="fr", note="essay-writing link inside a French paragraph; a legitimate link follows"))

TRAIN.append(D("tr-inj-md-taxes-payday", "markdown", [
    "# How to file your taxes early and avoid the rush\n\n"
    "Filing in February rather than April has real advantages: refunds arrive sooner, tax "
    "professionals have more time for you, and there is less chance that someone files a fraudulent "
    "return in your name first.\n\n"
    "## Gather your documents\n\n"
    "Before you start, collect your W-2s and 1099s, last year's return, and records of any "
    "deductible expenses. Most employers send forms by the end of January. If you are still waiting, "
    "do not guess the numbers, and never take out ",
    SPAM("[payday loans no credit check](https://www.quickcashbridge.com/apply)", "markdown_link"),
    " estimates from old pay stubs.\n\n"
    "## Choose how to file\n\n"
    "If your income is under the threshold you may qualify for "
    "[IRS Free File](https://www.irs.gov/filing/free-file-do-your-federal-taxes-for-free), which "
    "walks you through the forms online at no cost. Otherwise, commercial software or a paid "
    "preparer are both reasonable choices.\n",
], lang="en", note="injected payday link beside a legitimate irs.gov link"))

TRAIN.append(D("tr-inj-spun-phone-launch-jerseys", "text", [
    "The organization unveiled its hottest flagship telephone on Wednesday, promising a battery that "
    "lasts two complete days as well as a digital camera that handles low light \"better than "
    "anything else available on the market.\" The device ( ",
    SPAM("https://www.gridironfanshop.com/Darnell-Whitacre-Jersey", "bare_url"),
    " pictured) will go on sale in Europe in a few weeks and in the U.s. later on this summer, with "
    "rates beginning at $799. Analysts said the launch arrives at a tricky time. Global smartphone "
    "product sales fell for the sixth straight quarter, and people are keeping their telephones longer "
    "than ever right before. \"The upgrade cycle is broken,\" said one particular market place "
    "researcher. \"Incremental digital camera improvements are not sufficient to persuade people to "
    "spend $800.\" The corporation also declared a trade-in software and ",
    SPAM("Brennan Oyelaran Jersey", "anchor_text"),
    " 5 decades of security updates, longer than most rivals. Shares rose 2 percent in afternoon "
    "trading. Reviewers who ",
    SPAM("https://www.gridironfanshop.com/Teodor-Vasko-Jersey", "bare_url"),
    " examined early units praised the display screen but identified the software program cluttered "
    "with pre-installed apps.",
], lang="en", note="seed-style: '( URL pictured)' and a bare anchor"))

TRAIN.append(D("tr-inj-html-news-centerice-links", "html", [
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
    "<title>Harbor bridge repairs to close two lanes through October</title>\n"
    "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-XXXX\"></script></head>\n"
    "<body>\n<header><a href=\"/\">The Harbor Courier</a></header>\n<main>\n"
    "<h1>Harbor bridge repairs to close two lanes through October</h1>\n"
    "<p class=\"byline\">By Dana Whitfield | Updated 6:42 a.m.</p>\n"
    "<p>Two of the four lanes on the Harbor Street bridge will close starting Monday as crews replace "
    "corroded expansion joints, the state transportation department said. The work was scheduled "
    "after a <a href=\"/2023/11/bridge-inspection-report/\">November inspection</a> found "
    "cracking in the deck.</p>\n"
    "<p>Commuters should expect delays of 15 to 20 minutes at peak hours. The department recommends "
    "using the Route 9 bypass ",
    SPAM("<a href=\"https://www.centerice-apparel.com/Hugo-Ferland-Jersey\">Hugo Ferland Jersey</a>", "html_link"),
    " and has added signal timing changes at three intersections.</p>\n"
    "<p>Bus routes 4 and 12 will be rerouted; the <a href=\"https://www.transit.example.gov/alerts\">"
    "transit agency's alerts page</a> lists the detours. The project is expected to cost "
    "$11.4 million, most of it ",
    SPAM("<a href=\"https://www.centerice-apparel.com/\">cheap hockey jerseys</a>", "html_link"),
    " federal money.</p>\n</main>\n"
    "<footer><a href=\"/about/\">About</a> · <a href=\"/privacy/\">Privacy</a></footer>\n"
    "</body>\n</html>\n",
], lang="en", note="two injected <a> in paragraphs among legitimate own-site and agency links"))

TRAIN.append(D("tr-inj-zh-longjing-baijiale", "text", [
    "今天想和大家分享一下我最近在杭州喝到的龙井茶🍵。每年清明前后是采茶的季节，茶农们天不亮就上山了。"
    "明前龙井的价格比雨前贵不少，但口感确实更鲜爽。泡茶的水温不要太高，八十度左右最合适，",
    SPAM("https://www.bjl-macau888.com/", "bare_url"),
    " 用玻璃杯可以看到茶叶在水中慢慢舒展开来。很多朋友问我在哪里买茶，其实直接去梅家坞的茶农家里买最放心，",
    SPAM("百家乐在线娱乐", "anchor_text"),
    "价格也比景区的店铺便宜。最后提醒一句：新茶不要马上喝，放几天再喝对胃更好。😊",
], lang="zh", note="Chinese text with emoji before the spans (code points differ from UTF-16 units)"))

TRAIN.append(D("tr-inj-md-forum-thesis-essay", "markdown", [
    "**Re: How do you stay motivated writing a thesis?** 🎓\n\n"
    "> I'm in month 8 of my master's thesis and I can't make myself open the document anymore.\n\n"
    "**mkowalska** — What helped me was a fixed daily minimum: 300 words, every day, even if they "
    "were bad. Bad words can be edited, missing words can't. Also tell your supervisor early if you "
    "are stuck; mine was far more understanding than I feared.\n\n"
    "**jt_rivers** — Pomodoro timer + library carrel + phone in the locker. Boring but it works 😅\n\n"
    "**essayhelper_pro** — Totally agree with everyone! If you need extra help you can always ",
    SPAM("[write my essay cheap](https://www.essaymasterpros.com/order)", "markdown_link"),
    " 👍\n\n"
    "**mkowalska** — Please don't. Your university's writing centre is free and it is not "
    "misconduct.\n",
], lang="en", note="forum reply with emoji; an essay-mill markdown link"))

TRAIN.append(D("tr-inj-id-html-rendang-hidden", "html", [
    "<!DOCTYPE html>\n<html lang=\"id\">\n<head><meta charset=\"utf-8\">"
    "<title>Resep Rendang Daging Sapi ala Padang</title></head>\n<body>\n"
    "<div class=\"container\">\n<h1>Resep Rendang Daging Sapi ala Padang</h1>\n"
    "<p>Rendang adalah masakan khas Minangkabau yang dimasak lama hingga bumbunya meresap dan "
    "kuahnya mengering. Kuncinya ada pada kesabaran: api kecil dan diaduk terus selama tiga sampai "
    "empat jam.</p>\n"
    "<h2>Bahan</h2>\n<ul>\n<li>1 kg daging sapi bagian paha</li>\n"
    "<li>1,5 liter santan dari 3 butir kelapa</li>\n<li>2 batang serai, 4 lembar daun jeruk</li>\n"
    "</ul>\n<p>Selamat mencoba! Jangan lupa bagikan hasil masakan Anda di kolom komentar.</p>\n"
    "</div>\n",
    SPAM("<div style=\"display:none\">\n"
         "<a href=\"https://slotmaxwin77.site/\">slot gacor</a>\n"
         "<a href=\"https://slotmaxwin77.site/daftar\">daftar slot online</a>\n"
         "<a href=\"https://rtpliveharian.club/\">rtp slot hari ini</a>\n"
         "<a href=\"https://rtpliveharian.club/maxwin\">slot maxwin</a>\n"
         "<a href=\"https://togelkilat.bet/\">bandar togel terpercaya</a>\n"
         "</div>", "hidden_block"),
    "\n</body>\n</html>\n",
], lang="id", note="display:none block of slot links appended before </body>, labelled whole"))

TRAIN.append(D("tr-inj-spun-election-hockey", "text", [
    "Enlarge this imageState Senator Marcus Ellery (centre) ( ",
    SPAM("https://www.puckpridestore.com/Jonah-Petrakis-Jersey", "bare_url"),
    " grey suit) speaks to supporters in Columbus on election night, in a very photograph launched by "
    "his campaign. Ellery won the major by fewer than 900 votes, a margin narrow plenty of to set off an "
    "automated recount underneath state regulation. Election officials reported the recount would "
    "start out Monday and may well get up to 2 weeks. Ellery's opponent, former county prosecutor "
    "Janet Okafor, didn't concede, telling reporters she preferred \"every single lawful ballot "
    "counted.\" Turnout was the highest for a most important in 20 years, fueled partly by a "
    "contentious ballot evaluate on faculty funding. Both equally candidates put in heavily on ",
    SPAM("Aleksi Marchetti Jersey", "anchor_text"),
    " tv ads inside the ultimate 7 days, and outdoors teams poured in additional than $3 million. "
    "The winner will deal with an incumbent inside the November standard election who has not faced "
    "a significant challenger in a ten years.",
], lang="en", note="seed-style spun election story"))

# ---------------------------------------------------------------------------------------------
# TRAIN: clean documents (hard negatives)
# ---------------------------------------------------------------------------------------------

TRAIN.append(D("tr-clean-md-plainlanguage-update", "markdown", [
    "# Plain language program: spring update\n\n"
    "Thanks to everyone who joined the April workshop. Forty-two staff from eleven agencies rewrote "
    "a real notice from their own office, and the before-and-after examples are now on the "
    "[workshop page](https://www.plainlanguage.gov/training/). The most common fix was the same one "
    "as last year: put the action the reader must take in the first sentence, not the fourth.\n\n"
    "We also updated our checklist to match the revised "
    "[Federal Plain Language Guidelines](https://www.plainlanguage.gov/guidelines/), including the "
    "new section on writing for screens. If your team publishes forms, the "
    "[Section 508 guidance on accessible PDFs](https://www.section508.gov/create/pdfs/) is worth "
    "reading alongside it, because a plain form that a screen reader cannot parse is still a "
    "barrier.\n\n"
    "Readability formulas came up in the Q&A. They are a rough signal at best; the "
    "[Wikipedia article on the Flesch–Kincaid tests](https://en.wikipedia.org/wiki/Flesch%E2%80%93Kincaid_readability_tests) "
    "explains how they work and why a short, confusing sentence can still score well. Testing with "
    "real users is better, and our [usability testing guide](/guides/usability-testing/) shows how "
    "to run a session in under an hour.\n",
], lang="en", note="government newsletter with legitimate inline links mid-sentence"))

TRAIN.append(D("tr-clean-nj-retired-numbers", "text", [
    "NEWARK, N.J. — The Paterson Falcons will retire the No. 22 jersey of longtime defenseman Ray "
    "Okonkwo before Saturday's home game, making him the fourth player in franchise history to have "
    "his number raised to the rafters. Okonkwo, who grew up in Elizabeth and played youth hockey "
    "across northern New Jersey, spent 14 seasons with the club and captained it to two division "
    "titles. \"I wore that jersey longer than I've worn anything,\" he joked at a news conference on "
    "Thursday. The banner will hang beside those of goaltender Luis Ferreira (No. 1), forward Kim "
    "Dahl (No. 9) and coach-turned-broadcaster Ed Marsh, whose No. 4 was retired in 2009. The team "
    "said fans attending the game will receive a commemorative pin, and a limited run of replica "
    "No. 22 jerseys will be sold at the arena's team store, with proceeds going to a youth hockey "
    "program in Essex County. Okonkwo's parents, who emigrated from Nigeria and learned the game by "
    "watching their son, will drop the ceremonial puck.",
], lang="en", note="sports news: jerseys, numbers, New Jersey, replica jerseys for sale; no injection"))

TRAIN.append(D("tr-clean-html-atlantic-city-revenue", "html", [
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
    "<title>Atlantic City casino revenue rises 6% as online gaming keeps growing</title></head>\n"
    "<body>\n<header><a href=\"/\">Shore Business Journal</a> <nav><a href=\"/gaming/\">Gaming</a> "
    "<a href=\"/real-estate/\">Real estate</a></nav></header>\n<article>\n"
    "<h1>Atlantic City casino revenue rises 6% as online gaming keeps growing</h1>\n"
    "<p>Atlantic City's nine casinos and their online partners won $498 million from gamblers in "
    "March, up 6 percent from a year earlier, according to figures released Tuesday by the "
    "<a href=\"https://www.nj.gov/oag/ge/\">New Jersey Division of Gaming Enforcement</a>.</p>\n"
    "<p>Internet gambling accounted for nearly a third of the total. In-person slot machine "
    "revenue was roughly flat, while table games fell 3 percent. Sports betting handle, the amount "
    "wagered, reached $1.1 billion statewide.</p>\n"
    "<p>Analysts cautioned that online casino growth does not translate into jobs on the "
    "Boardwalk. \"The brick-and-mortar properties are still below where they were before 2020,\" "
    "said a gaming economist at a local university. Problem gambling advocates urged the state to "
    "fund more treatment; the <a href=\"https://800gambler.org/\">1-800-GAMBLER helpline</a> "
    "reported record call volumes last year.</p>\n"
    "<p>Related: <a href=\"/gaming/2024/02/sports-betting-tax-debate/\">Lawmakers weigh higher "
    "tax on sports betting</a></p>\n</article>\n"
    "<footer><a href=\"/contact/\">Contact</a> · <a href=\"/advertise/\">Advertise</a></footer>\n"
    "</body>\n</html>\n",
], lang="en", note="casino industry news with legitimate gaming links"))

TRAIN.append(D("tr-clean-clinical-pde5", "text", [
    "Phosphodiesterase-5 inhibitors: interactions and precautions\n\n"
    "Sildenafil (Viagra, Revatio), tadalafil (Cialis, Adcirca) and vardenafil (Levitra) are "
    "contraindicated in patients taking organic nitrates, including nitroglycerin and isosorbide "
    "mononitrate, because the combination can cause profound hypotension. Patients who develop chest "
    "pain after taking a PDE5 inhibitor should not receive nitrates within 24 hours of sildenafil or "
    "vardenafil, or within 48 hours of tadalafil, given its longer half-life (about 17.5 hours).\n\n"
    "Co-administration with alpha-blockers requires caution; start at the lowest dose and ensure the "
    "patient is stable on the alpha-blocker first. Strong CYP3A4 inhibitors such as ritonavir and "
    "ketoconazole increase exposure substantially, and dose reduction is required. Tadalafil 5 mg "
    "once daily is also approved for benign prostatic hyperplasia.\n\n"
    "Counsel patients to seek urgent care for an erection lasting more than four hours, or for "
    "sudden loss of vision or hearing. Generic sildenafil and tadalafil are widely available and "
    "bioequivalent; patients should be warned that products sold online without a prescription are "
    "frequently counterfeit.",
], lang="en", note="clinical text naming Cialis, Levitra, generic sildenafil"))

TRAIN.append(D("tr-clean-md-running-shoes-guide", "markdown", [
    "# The best running shoes under $120 this spring\n\n"
    "You do not need a $250 carbon-plated racer to run a good half marathon. We tested fourteen "
    "trainers over 300 miles and these are the ones we would buy with our own money.\n\n"
    "## Best overall: Brooks Ghost 15 ($109 on sale)\n\n"
    "Soft without feeling mushy, and durable: our pair still had plenty of tread at 300 miles. It is "
    "usually $140, but [REI has it for $109](https://www.rei.com/product/brooks-ghost-15) in most "
    "colours until the end of the month, and members get an extra 10% back.\n\n"
    "## Best budget pick: Saucony Axon 3 ($84)\n\n"
    "A little firm, but at this price it is hard to fault. "
    "[Running Warehouse](https://www.runningwarehouse.com/) lists it at $84 with free two-way "
    "shipping, which matters when you are guessing your size.\n\n"
    "## Where to find discounts\n\n"
    "Last season's colours drop by 30–40% as soon as new models land. Check the outlet section of "
    "the brand's own site, and sign up for your local running shop's newsletter; many offer 15% off "
    "your first purchase. Avoid marketplace sellers offering brand-new shoes at 70% off: they are "
    "almost always fakes.\n",
], lang="en", note="shopping guide: prices, outlets, discounts, retailer links"))

TRAIN.append(D("tr-clean-spun-museum-reopens", "text", [
    "The town's maritime museum reopened its doorways on Saturday just after a two-year renovation that "
    "value $6 million and added a brand new wing committed to the region's fishing heritage. Hundreds "
    "of site visitors lined up along the harbour ahead of the ribbon-cutting, some carrying pics of "
    "kinfolk who labored on the trawlers. The centrepiece of your new wing is actually a restored "
    "1930s herring drifter, moved indoors by crane very last spring. \"We needed to inform the story "
    "on the persons, not only the boats,\" explained the museum's director, who additional that "
    "much more than 400 relatives submitted letters, photos and oral histories. Admi sion continues "
    "to be free of charge for residents, as well as the museum now opens on Mondays through the "
    "summer time. Regional colleges will be able to e book guided excursions setting up in September.",
], lang="en", note="machine-spun but clean: spinning alone is not injection"))

TRAIN.append(D("tr-clean-html-blog-page", "html", [
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>Repairing a 1970s teak sideboard | Second Shift Workshop</title>\n"
    "<link rel=\"stylesheet\" href=\"/assets/main.css\">\n"
    "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
    "gtag('js',new Date());</script>\n</head>\n<body>\n"
    "<header>\n<a class=\"logo\" href=\"/\">Second Shift Workshop</a>\n<nav>\n"
    "<ul>\n<li><a href=\"/projects/\">Projects</a></li>\n<li><a href=\"/tools/\">Tools</a></li>\n"
    "<li><a href=\"/newsletter/\">Newsletter</a></li>\n<li><a href=\"/about/\">About</a></li>\n</ul>\n"
    "</nav>\n</header>\n<main>\n<article>\n<h1>Repairing a 1970s teak sideboard</h1>\n"
    "<p>This sideboard came from a house clearance for forty pounds. The veneer had lifted along "
    "one door and a previous owner had \"fixed\" it with wood glue and a lot of optimism.</p>\n"
    "<p>I softened the old glue with a warm iron through a damp cloth, scraped it out, and re-laid "
    "the veneer with hide glue, which is reversible. For the finish I used Danish oil, three thin "
    "coats; see my <a href=\"/tools/finishes-compared/\">comparison of oil finishes</a> for why I "
    "stopped using teak oil.</p>\n</article>\n"
    "<aside><h2>Recent projects</h2><ul>\n"
    "<li><a href=\"/projects/shaker-stool/\">A Shaker step stool</a></li>\n"
    "<li><a href=\"/projects/workbench-vise/\">Fitting a leg vise</a></li>\n"
    "</ul></aside>\n</main>\n"
    "<footer>\n<a href=\"https://www.instagram.com/secondshiftworkshop/\">Instagram</a> · "
    "<a href=\"https://www.youtube.com/@secondshiftworkshop\">YouTube</a> · "
    "<a href=\"/privacy/\">Privacy</a>\n<p>© 2024 Second Shift Workshop</p>\n</footer>\n"
    "<script src=\"/assets/menu.js\" defer></script>\n</body>\n</html>\n",
], lang="en", note="full page with nav, aside link list, social footer links, scripts"))

TRAIN.append(D("tr-clean-md-refs-lighthouse", "markdown", [
    "# Fastnet Rock lighthouse\n\n"
    "The Fastnet Rock lighthouse stands on a small clay-slate islet off the south-west coast of "
    "Ireland, about 6.5 km from Cape Clear Island. The current granite tower, completed in 1904, "
    "replaced a cast-iron structure that had proved too weak for the Atlantic swell[1]. Its 2,074 "
    "interlocking blocks were cut in Cornwall and shipped to the rock[2].\n\n"
    "The rock gives its name to the biennial [Fastnet Race][3], which starts at Cowes and rounds the "
    "lighthouse before finishing in Cherbourg. In 1979 a storm during the race killed fifteen "
    "sailors, leading to major changes in offshore safety rules.\n\n"
    "The light was automated in 1989 and is maintained by the Commissioners of Irish Lights[4].\n\n"
    "[1]: https://en.wikipedia.org/wiki/Fastnet_Rock\n"
    "[2]: https://www.irishlights.ie/tourism/our-lighthouses/fastnet.aspx\n"
    "[3]: https://www.rorc.org/racing/rolex-fastnet-race\n"
    "[4]: https://www.irishlights.ie/\n",
], lang="en", note="reference-style definitions that are all legitimate; mentions Rolex in a URL"))

TRAIN.append(D("tr-clean-de-neues-trikot", "text", [
    "Der SC Rheinau hat am Mittwoch sein neues Heimtrikot für die kommende Saison vorgestellt. "
    "Das Trikot ist wieder ganz in Grün gehalten, mit einem feinen Streifenmuster, das an die "
    "Weinberge rund um das Stadion erinnern soll. Erstmals besteht der Stoff zu 100 Prozent aus "
    "recyceltem Polyester. „Die Fans haben sich die klassische Farbe gewünscht, und wir haben "
    "zugehört“, sagte Geschäftsführerin Sabine Kühn. Das Auswärtstrikot in Weiß folgt im Juli. "
    "Im Fanshop am Stadion und online kostet das Heimtrikot 89,95 Euro, für Kinder 69,95 Euro; "
    "Dauerkarteninhaber erhalten zehn Prozent Rabatt. Die Rückennummer 7 wird in dieser Saison nicht "
    "vergeben: Der Verein hält sie für den verletzten Kapitän Jonas Eberle frei, der nach seinem "
    "Kreuzbandriss frühestens im Herbst zurückkehren wird.",
], lang="de", note="clean German club news: Trikot, price, discount"))

TRAIN.append(D("tr-clean-es-juego-online", "text", [
    "El Ministerio de Consumo presentó este jueves el borrador de un real decreto que endurece la "
    "publicidad del juego online y obliga a los operadores a ofrecer límites de depósito más "
    "estrictos a los jugadores menores de 25 años. Según la Dirección General de Ordenación del "
    "Juego, el margen neto de los casinos y las casas de apuestas por internet creció un 11 % el "
    "año pasado, impulsado sobre todo por las tragaperras y la ruleta en vivo. Las asociaciones de "
    "afectados celebraron la medida, aunque pidieron más recursos para la prevención en los "
    "institutos. El sector, por su parte, advirtió de que unas normas demasiado duras empujarían a "
    "los usuarios hacia páginas sin licencia. El texto estará en consulta pública durante un mes.",
], lang="es", note="casino/gambling regulation news in Spanish"))

TRAIN.append(D("tr-clean-id-jersey-baru", "text", [
    "Persatuan Sepak Bola Nusa Jaya (PSNJ) resmi meluncurkan jersey baru untuk musim depan dalam "
    "acara yang digelar di stadion kebanggaan mereka, Sabtu malam. Jersey kandang tetap didominasi warna oranye dengan "
    "motif batik Betawi yang halus di bagian bahu, sedangkan jersey tandang berwarna putih. "
    "Manajemen klub mengatakan jersey replika dijual mulai Rp 450.000 di toko resmi dan situs "
    "https://www.psnj.example.id/ mulai pekan depan. Pemain muda Rizky Ramadhan mengaku bangga bisa "
    "menjadi model peluncuran. \"Mengenakan jersey ini adalah mimpi sejak kecil,\" ujarnya. Klub juga "
    "mengimbau suporter agar tidak membeli jersey palsu yang banyak dijual di pasar daring.",
], lang="id", note="clean Indonesian: 'jersey', a bare URL that is the club's own site"))

TRAIN.append(D("tr-clean-fr-html-musee-horlogerie", "html", [
    "<!DOCTYPE html>\n<html lang=\"fr\">\n<head><meta charset=\"utf-8\">"
    "<title>Une journée au musée de l'horlogerie</title></head>\n<body>\n"
    "<header><a href=\"/\">Carnets du Jura</a></header>\n<article>\n"
    "<h1>Une journée au musée de l'horlogerie</h1>\n"
    "<p>Le Locle et La Chaux-de-Fonds sont inscrites au patrimoine mondial de l'UNESCO pour leur "
    "urbanisme horloger : des rues entières ont été dessinées pour que les ateliers reçoivent le "
    "maximum de lumière. Nous avons commencé par le "
    "<a href=\"https://www.mih.ch/\">Musée international d'horlogerie</a>, où l'on peut voir des "
    "montres de poche du XVIII<sup>e</sup> siècle, des chronomètres de marine et quelques "
    "contrefaçons saisies par la douane, exposées pour montrer comment reconnaître une copie.</p>\n"
    "<p>L'après-midi, visite du Château des Monts et de ses automates. Prévoyez deux heures au "
    "moins, et réservez la démonstration de restauration, qui a lieu le samedi.</p>\n"
    "<p>Infos pratiques : <a href=\"https://www.j3l.ch/\">office du tourisme du Jura</a>, "
    "billets combinés à 15 CHF.</p>\n</article>\n<footer>© Carnets du Jura</footer>\n"
    "</body>\n</html>\n",
], lang="fr", note="watch museum (montres, contrefaçons) with legitimate links"))

TRAIN.append(D("tr-clean-forum-linux-wifi", "text", [
    "Thread: Wi-Fi drops every few minutes after kernel update 😩\n\n"
    "pinguino wrote:\n"
    "Since updating to 6.8 my laptop's Intel AX210 loses Wi-Fi every 5–10 minutes. Reconnecting "
    "works but it's driving me mad. Anyone else?\n\n"
    "tuxmaster wrote:\n"
    "Try disabling power saving for the card. The Arch wiki has the exact steps: "
    "https://wiki.archlinux.org/title/Network_configuration/Wireless#iwlwifi — it applies to "
    "other distros too.\n\n"
    "pinguino wrote:\n"
    "That fixed it!! 🎉 Added options iwlwifi power_save=0 and no drops for two days. Thanks a lot.\n\n"
    "kernelkate wrote:\n"
    "Worth reporting upstream as well, see https://bugzilla.kernel.org/ — include your dmesg output.\n",
], lang="en", note="clean forum thread with emoji and legitimate bare URLs"))

TRAIN.append(D("tr-clean-md-payday-dangers", "markdown", [
    "# Why payday loans cost more than you think\n\n"
    "A $400 payday loan with a $60 fee looks small. But because the loan is due in two weeks, that "
    "fee works out to an annual percentage rate of almost 400%. And most borrowers do not repay on "
    "time: the [Consumer Financial Protection Bureau](https://www.consumerfinance.gov/consumer-tools/payday-loans/) "
    "found that four in five payday loans are rolled over or renewed within two weeks.\n\n"
    "## Alternatives to try first\n\n"
    "- Ask your employer about an advance on wages already earned.\n"
    "- Credit unions offer small \"payday alternative loans\" capped at 28% APR; the "
    "[NCUA explains the rules](https://www.ncua.gov/).\n"
    "- Call the creditor and ask for a payment plan before the bill is late.\n"
    "- Nonprofit credit counsellors can help for free or at low cost.\n\n"
    "If you already have a payday loan you cannot repay, check whether your state limits "
    "rollovers; many do.\n",
], lang="en", note="consumer advice about payday loans with .gov links"))

TRAIN.append(D("tr-clean-writing-center-essay", "text", [
    "Writing Center handout: Planning an argumentative essay\n\n"
    "Start with a question, not a topic. \"Social media\" is a topic; \"Should schools ban phones "
    "during lunch?\" is a question you can answer with an arguable thesis. Write the thesis in one "
    "sentence and test it: could a reasonable person disagree?\n\n"
    "Outline before you draft. For each paragraph note the claim, the evidence and how the evidence "
    "supports the claim. Leave room for at least one counterargument; addressing it makes your essay "
    "stronger, not weaker.\n\n"
    "A word about essay writing services: buying an essay, or having someone write part of it, is "
    "a violation of the academic integrity policy, and these services are often scams. Our tutors "
    "are free. Book a 30-minute appointment at https://writingcenter.example.edu/appointments or "
    "drop in Monday to Thursday, 10 a.m. to 4 p.m., second floor of the library.",
], lang="en", note="clean text about essay writing services"))

TRAIN.append(D("tr-clean-html-team-store-jersey", "html", [
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
    "<title>2024 Home Jersey – Adult | Cascadia Harbor FC Team Store</title></head>\n<body>\n"
    "<nav><a href=\"/\">Shop</a> &gt; <a href=\"/jerseys/\">Jerseys</a> &gt; 2024 Home Jersey</nav>\n"
    "<main>\n<h1>2024 Home Jersey – Adult</h1>\n<p class=\"price\">$95.00</p>\n"
    "<p>The official 2024 home jersey, in the club's deep red with a tonal rose pattern. Lightweight "
    "recycled fabric, slim fit; order one size up for a relaxed fit.</p>\n"
    "<p>Customise it with any player's name and number (+$25). Season ticket members save 15% at "
    "checkout. See our <a href=\"/help/size-guide/\">size guide</a> and "
    "<a href=\"/help/returns/\">returns policy</a>.</p>\n"
    "<h2>You may also like</h2>\n<ul class=\"related\">\n"
    "<li><a href=\"/jerseys/2024-away-jersey/\">2024 Away Jersey – Adult</a></li>\n"
    "<li><a href=\"/jerseys/2024-home-jersey-youth/\">2024 Home Jersey – Youth</a></li>\n"
    "<li><a href=\"/scarves/classic-scarf/\">Classic Scarf</a></li>\n</ul>\n</main>\n"
    "<footer><a href=\"/help/shipping/\">Shipping</a> · <a href=\"/help/contact/\">Contact</a></footer>\n"
    "</body>\n</html>\n",
], lang="en", note="a legitimate shop page selling jerseys, with a related-products link list"))

TRAIN.append(D("tr-clean-zh-museum", "text", [
    "【本报讯】经过三年的修缮，市博物馆将于下周六重新对外开放。新馆增加了两个常设展厅，"
    "其中“运河与城市”展览首次展出了二百多件出土文物，包括宋代的瓷器和明代的船锚。"
    "馆长介绍说，修缮期间特别改善了无障碍设施，轮椅使用者可以到达所有展厅。"
    "开放首月实行免费预约参观，每日限流三千人，市民可通过博物馆官网 https://www.citymuseum.example.cn/ "
    "或微信公众号预约。📅 周一闭馆（法定节假日除外）。",
], lang="zh", note="clean Chinese news with the museum's own URL and emoji"))

TRAIN.append(D("tr-clean-md-release-notes", "markdown", [
    "## v2.4.0 — 2024-05-02\n\n"
    "### Added\n\n"
    "- `--since` flag for the `log` command ([#412](https://github.com/acme/tidyfeeds/pull/412), "
    "thanks @mwoj).\n"
    "- OPML import now keeps folder structure ([#398](https://github.com/acme/tidyfeeds/issues/398)).\n\n"
    "### Fixed\n\n"
    "- Feeds served with a UTF-8 BOM no longer fail to parse. See the "
    "[WHATWG encoding spec](https://encoding.spec.whatwg.org/#utf-8-decode) for why the BOM must be "
    "skipped.\n"
    "- Crash when a feed's `<link>` element was empty.\n\n"
    "### Changed\n\n"
    "- Minimum supported Rust version is now 1.74. The full list of changes is in the "
    "[compare view](https://github.com/acme/tidyfeeds/compare/v2.3.1...v2.4.0).\n",
], lang="en", note="changelog full of legitimate links"))

TRAIN.append(D("tr-clean-recipe-related-posts", "text", [
    "Weeknight lentil soup\n\n"
    "This is the soup I make when the fridge is nearly empty: an onion, two carrots, a cup of red "
    "lentils, a tin of tomatoes and a litre of stock. Twenty-five minutes, one pot. Finish with "
    "lemon juice and a spoon of yoghurt. It freezes well for up to three months.\n\n"
    "If you liked this, you might also like:\n"
    "https://www.smallkitchendiaries.example.com/recipes/chickpea-stew/\n"
    "https://www.smallkitchendiaries.example.com/recipes/barley-and-mushroom-soup/\n"
    "https://www.smallkitchendiaries.example.com/recipes/easy-flatbreads/\n\n"
    "Posted in Soups, Vegetarian · 14 comments",
], lang="en", url="https://www.smallkitchendiaries.example.com/recipes/weeknight-lentil-soup/",
   note="an appended list of URLs that is legitimate: the page's own related posts"))

TRAIN.append(D("tr-clean-html-news-related", "html", [
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
    "<title>Valley school district approves four-day week pilot</title>\n"
    "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Valley school "
    "district approves four-day week pilot\"}</script></head>\n<body>\n"
    "<header><a href=\"/\">Valley Dispatch</a></header>\n<article>\n"
    "<h1>Valley school district approves four-day week pilot</h1>\n"
    "<p>The Valley Unified school board voted 4–1 on Monday to try a four-day school week at two "
    "rural elementary schools next year. Supporters said it would help recruit teachers; "
    "opponents worried about child care on Fridays.</p>\n"
    "<p>Similar pilots in other states have produced mixed results, according to a "
    "<a href=\"https://www.rand.org/pubs/research_reports/RRA373-1.html\">RAND Corporation "
    "study</a>. The district will survey families in the spring.</p>\n</article>\n"
    "<section class=\"related\">\n<h2>Related stories</h2>\n<ul>\n"
    "<li><a href=\"/2024/01/teacher-shortage-valley/\">Teacher shortage hits rural schools</a></li>\n"
    "<li><a href=\"/2023/11/bond-measure-results/\">School bond measure passes narrowly</a></li>\n"
    "<li><a href=\"/2023/09/bus-routes-cut/\">District cuts three bus routes</a></li>\n"
    "</ul>\n</section>\n<footer><a href=\"/subscribe/\">Subscribe</a></footer>\n</body>\n</html>\n",
], lang="en", note="legitimate related-stories <ul> at the end of a news page"))

# ---------------------------------------------------------------------------------------------
# TEST: injected documents (spam domains and anchors never used in TRAIN)
# ---------------------------------------------------------------------------------------------

TEST: list[dict] = []

TEST.append(D("te-inj-spun-wildfire-jerseys", "text", [
    "Enlarge this imageFirefighters ( ",
    SPAM("https://www.bluelinefanatics.com/Rasmus-Halvorsen-Jersey", "bare_url"),
    " remaining) build a containment line in close proximity to the city of Paradise on Aug. nine, "
    "within a photo unveiled by the condition forestry company. The hearth has burned additional than "
    "40,000 acres and is 30 % contained, officers mentioned Friday. Evacuation orders remained in "
    "position for three communities, and approximately 1,200 homes are threatened. Powerful winds "
    "predicted around the weekend could press the flames toward the highway, officials warned, and "
    "inhabitants who stayed powering were being urged to leave whilst roads are open. \"This is not "
    "the time to become a hero,\" the county sheriff instructed reporters. The induce of the fireplace "
    "is underneath investigation. Utility crews shut off energy to about ",
    SPAM("Kenji Moravec Jersey", "anchor_text"),
    " 15,000 consumers being a precaution, a shift that drew problems from company owners who "
    "explained they got very little warning. Pink Cro s shelters within the fairgrounds and a large "
    "university are open up, and animal handle is accepting livestock.",
], lang="en", note="seed-style spun disaster story"))

TEST.append(D("te-inj-md-workbench-refs", "markdown", [
    "# Building a first workbench without a workshop\n\n"
    "My first bench was a solid-core door on two sawhorses, and honestly it was fine for a year. "
    "When I built a real one I followed the classic Roubo proportions[1], scaled down to fit a "
    "spare room: 1.5 m long, 55 cm deep, and the height of my wrist with my arm hanging down.\n\n"
    "I laminated the top from construction-grade spruce, picked for straight grain, and flattened it "
    "with a jack plane over two evenings. Don't skip ",
    SPAM("[wholesale nfl jerseys](http://www.endzonejerseyclub.com/)", "markdown_link"),
    " winding sticks; a twisted top will fight you for years. For holding work, a single planing stop "
    "and a holdfast do more than a vise at first[2], and the ",
    SPAM("[cialis generico][3]", "markdown_ref_link"),
    " holdfast costs less than a decent clamp.\n\n"
    "[1]: https://en.wikipedia.org/wiki/Workbench_(woodworking)\n"
    "[2]: https://www.finewoodworking.com/\n",
    SPAM("[3]: https://www.genericopharma24.com/cialis-generico-5mg", "reference_def"),
    "\n",
], lang="en", note="legitimate [1] and [2] references next to an injected [3]"))

TEST.append(D("te-inj-html-sciencefair-hidden-casino", "html", [
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
    "<title>Science Fair 2024 winners | Oakridge Middle School</title>\n"
    "<link rel=\"stylesheet\" href=\"/css/site.css\"></head>\n<body>\n"
    "<nav><a href=\"/\">Home</a> | <a href=\"/calendar/\">Calendar</a> | <a href=\"/pta/\">PTA</a></nav>\n"
    "<h1>Science Fair 2024 winners</h1>\n"
    "<p>Congratulations to all 86 students who entered this year's fair! Judges from the county "
    "extension office and Oakridge High chose the winners below.</p>\n"
    "<table>\n<tr><th>Grade</th><th>Project</th><th>Student</th></tr>\n"
    "<tr><td>6</td><td>Which paper towel absorbs the most?</td><td>Maya P.</td></tr>\n"
    "<tr><td>7</td><td>Do plants grow faster with music?</td><td>Eli R. and Sam T.</td></tr>\n"
    "<tr><td>8</td><td>Measuring the school's Wi-Fi dead zones</td><td>Priya K.</td></tr>\n"
    "</table>\n<p>First-place projects go on to the regional fair in March.</p>\n",
    SPAM("<div style=\"display: none;\">\n"
         "<a href=\"https://www.spinwinpalace.bet/\">online casino real money</a>\n"
         "<a href=\"https://www.spinwinpalace.bet/free-spins\">free spins no deposit</a>\n"
         "<a href=\"https://www.royalroulette-club.com/\">best online roulette</a>\n"
         "<a href=\"https://www.royalroulette-club.com/blackjack\">live blackjack</a>\n"
         "<a href=\"https://www.jackpotcity-win.net/\">jackpot slots</a>\n"
         "<a href=\"https://www.jackpotcity-win.net/bonus\">casino bonus codes</a>\n"
         "</div>", "hidden_block"),
    "\n<footer>Oakridge Middle School · 120 Elm Street</footer>\n</body>\n</html>\n",
], lang="en", note="display: none block with a space in the style value"))

TEST.append(D("te-inj-html-foodbank-offscreen-essays", "html", [
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
    "<title>Volunteer with the Eastside Food Bank</title></head>\n<body>\n"
    "<header><a href=\"/\">Eastside Food Bank</a></header>\n<main>\n"
    "<h1>Volunteer with us</h1>\n"
    "<p>Every week about 300 volunteers sort donations, pack boxes and drive deliveries to "
    "neighbours who cannot travel. Shifts are three hours; no experience is needed.</p>\n",
    SPAM("<p style=\"position: absolute; left: -9999px;\">"
         "<a href=\"https://www.paperscribe-express.com/\">buy research papers</a> "
         "<a href=\"https://www.paperscribe-express.com/dissertation\">dissertation writing service</a> "
         "<a href=\"https://www.homeworkpal24.net/\">do my homework for me</a></p>", "hidden_block"),
    "\n<p>Groups of up to 12 can book a Saturday shift. Sign up on our "
    "<a href=\"/volunteer/calendar/\">volunteer calendar</a>, or read the "
    "<a href=\"/volunteer/faq/\">volunteer FAQ</a> first.</p>\n</main>\n"
    "<footer><a href=\"/donate/\">Donate</a> · <a href=\"/contact/\">Contact</a></footer>\n"
    "</body>\n</html>\n",
], lang="en", note="off-screen <p> of essay-mill links inside the main content, labelled whole"))

TEST.append(D("te-inj-md-fr-boulangerie-list", "markdown", [
    "# La meilleure baguette du quartier ? Notre petite enquête\n\n"
    "Nous avons goûté les baguettes de sept boulangeries entre la place des Vosges et Bastille, "
    "toujours achetées avant 9 heures et notées à l'aveugle sur la croûte, la mie et le goût.\n\n"
    "La gagnante, de loin, est celle de la boulangerie Lefèvre, rue Saint-Antoine : croûte fine et "
    "craquante, mie alvéolée, une légère note de noisette. Elle coûte 1,30 €, dix centimes de plus "
    "que la moyenne, et elle les vaut. Mention spéciale pour la tradition au levain de chez Bénédicte, "
    "qui se garde deux jours sans problème.\n\n"
    "Pour en savoir plus sur le concours officiel, voir le "
    "[Grand prix de la baguette de tradition française](https://www.paris.fr/pages/grand-prix-de-la-baguette-de-tradition-francaise-de-la-ville-de-paris-2023-23431).\n\n"
    "Liens :\n\n",
    SPAM("- [acheter viagra en ligne](https://www.pharmacie-discrete24.fr/viagra)", "link_list"),
    "\n",
    SPAM("- [cialis sans ordonnance](https://www.pharmacie-discrete24.fr/cialis)", "link_list"),
    "\n",
    SPAM("- [kamagra pas cher](https://www.kamagra-livraison.fr/)", "link_list"),
    "\n",
], lang="fr", note="French blog post with an appended markdown link list, one span per line"))

TEST.append(D("te-inj-de-forum-kochen-bbcode", "text", [
    "Thema: Schwarzwälder Kirschtorte – Boden fällt immer zusammen 😢\n\n"
    "backfee_77 schrieb:\n"
    "Hallo zusammen, mein Biskuitboden geht im Ofen super auf und fällt dann beim Abkühlen "
    "komplett zusammen. Ich backe bei 180 °C Umluft. Was mache ich falsch?\n\n"
    "omas_rezepte schrieb:\n"
    "Umluft ist oft zu stark für Biskuit. Versuch mal 170 °C Ober-/Unterhitze und öffne die "
    "Ofentür die ersten 25 Minuten auf keinen Fall. Und den Boden nach dem Backen kopfüber auf "
    "einem Gitter abkühlen lassen.\n\n"
    "uhrenfreund2020 schrieb:\n"
    "Danke für die Tipps, sehr hilfreich! ",
    SPAM("[url=https://www.uhren-replika-shop.de/]Replica Uhren kaufen[/url]", "bbcode"),
    "\n\n"
    "backfee_77 schrieb:\n"
    "Hat geklappt!! 🎂 Ober-/Unterhitze war der Trick. Danke, omas_rezepte!\n",
], lang="de", note="German forum thread with emoji; one BBCode spam post"))

TEST.append(D("te-inj-es-html-viaje-prestamos", "html", [
    "<!DOCTYPE html>\n<html lang=\"es\">\n<head><meta charset=\"utf-8\">"
    "<title>Ruta por la Sierra de Cazorla en tres días</title></head>\n<body>\n"
    "<header><a href=\"/\">Mochila y Bota</a></header>\n<article>\n"
    "<h1>Ruta por la Sierra de Cazorla en tres días</h1>\n"
    "<p>El Parque Natural de las Sierras de Cazorla, Segura y Las Villas es el espacio protegido más "
    "grande de España, y en primavera es difícil encontrar un rincón más verde en Andalucía. "
    "Nosotros empezamos por la ruta del río Borosa, de unos 22 kilómetros ida y vuelta, que pasa "
    "por la Cerrada de Elías y termina en la laguna de Valdeazores.</p>\n"
    "<p>Conviene salir temprano: a partir de las once el camino se llena y el sol aprieta. "
    "Llevad agua suficiente, ",
    SPAM("<a href=\"https://www.prestamoexpress-ya.mx/\">préstamos rápidos sin aval</a>", "html_link"),
    " porque después de la central eléctrica no hay fuentes fiables.</p>\n"
    "<p>Para dormir, el pueblo de Cazorla tiene buena oferta de casas rurales. La información "
    "oficial sobre senderos está en la <a href=\"https://www.juntadeandalucia.es/medioambiente/portal/\">"
    "web de la Junta de Andalucía</a>.</p>\n</article>\n<footer>© Mochila y Bota</footer>\n"
    "</body>\n</html>\n",
], lang="es", note="payday-loan link inside a Spanish paragraph; a legitimate .es link follows"))

TEST.append(D("te-inj-id-banjir-slot", "text", [
    "Banjir setinggi hampir satu meter merendam ratusan rumah di tiga kelurahan di Kota Bekasi sejak "
    "Minggu dini hari setelah hujan deras mengguyur wilayah tersebut selama lebih dari lima jam. "
    "Badan Penanggulangan Bencana Daerah (BPBD) mencatat sedikitnya 640 warga terpaksa mengungsi ke "
    "masjid dan sekolah terdekat. ",
    SPAM("situs slot gacor terpercaya", "anchor_text"),
    " Petugas gabungan menurunkan perahu karet untuk mengevakuasi warga lanjut usia dan anak-anak. "
    "\"Air naik sangat cepat, kami hanya sempat menyelamatkan surat-surat penting,\" kata Sri, "
    "warga Jatiasih. Pemerintah kota membuka dapur umum dan posko kesehatan di ",
    SPAM("https://mahjongways-gacor.store/", "bare_url"),
    " kantor kelurahan. BMKG memperkirakan hujan dengan intensitas sedang hingga lebat masih akan "
    "terjadi hingga akhir pekan.",
], lang="id"))

TEST.append(D("te-inj-md-linkwheel-allotment", "markdown", [
    "# A year on the allotment\n\n"
    "When we took on plot 14 it was waist-high in brambles and the previous tenant had left a "
    "bathtub, two bicycles and a surprising amount of carpet. Twelve months later we have eaten our "
    "own potatoes, beans and more courgettes than anyone could want.\n\n"
    "The site committee runs a seed swap each February and a tool library in the old shed, which "
    "helps with ",
    SPAM("[Climate](http://riverbend-notes.ie/climate-diary/)", "link_wheel"),
    " costs. Our neighbours on plot 15 have been gardening here since the 1980s and taught us more "
    "than any book, though the RHS guide on "
    "[crop rotation](https://www.rhs.org.uk/vegetables/crop-rotation) was a close second.\n\n"
    "Waiting lists in our borough are now over three years, so if you are even vaguely interested, "
    "put your name down with the council today and read up on ",
    SPAM("[Education](http://oldquarry-journal.co.uk/school-places/)", "link_wheel"),
    " soil testing while you wait.\n",
], lang="en", note="one-word link-wheel anchors next to a legitimate rhs.org.uk link"))

TEST.append(D("te-inj-html-knitting-outlet-list", "html", [
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
    "<title>Free pattern: simple ribbed hat</title></head>\n<body>\n"
    "<article>\n<h1>Free pattern: simple ribbed hat</h1>\n"
    "<p>A quick 2x2 ribbed hat in worsted-weight wool, knitted in the round on 4.5&nbsp;mm needles. "
    "Cast on 96 stitches, work in rib for 20&nbsp;cm, then decrease every other round until 12 "
    "stitches remain.</p>\n</article>\n"
    "<div class=\"comments\">\n<h3>Comments</h3>\n"
    "<div class=\"comment\"><b>Ingrid</b>: Knitted two of these for my grandsons, thank you! 🧶</div>\n"
    "<div class=\"comment\"><b>Ana</b>: Does the pattern work with aran weight?</div>\n"
    "<div class=\"comment\"><b>admin</b>: Yes, cast on 88 instead.</div>\n"
    "<ul>\n",
    SPAM("<li><a href=\"http://www.uggbootsclearance.us.com/\">ugg boots outlet</a></li>", "link_list"),
    "\n",
    SPAM("<li><a href=\"http://www.lvbagsoutletstore.com/\">louis vuitton outlet store</a></li>", "link_list"),
    "\n",
    SPAM("<li><a href=\"http://www.lvbagsoutletstore.com/neverfull\">louis vuitton neverfull replica</a></li>", "link_list"),
    "\n",
    SPAM("<li><a href=\"http://www.monclerjacketsdeal.com/\">moncler jackets sale</a></li>", "link_list"),
    "\n</ul>\n</div>\n</body>\n</html>\n",
], lang="en", note="comment area ending with a <ul> of outlet links, one span per <li>"))

# ---------------------------------------------------------------------------------------------
# TEST: clean documents (hard negatives)
# ---------------------------------------------------------------------------------------------

TEST.append(D("te-clean-md-library-newsletter", "markdown", [
    "# Riverside Public Library — March newsletter\n\n"
    "Our new self-service kiosks are live at all three branches. You can now renew, pay fines and "
    "pick up holds without queueing, and the [how-to video](/help/kiosk-video/) takes under two "
    "minutes.\n\n"
    "Tax season is here: free preparation help is available on Tuesdays through the "
    "[IRS Volunteer Income Tax Assistance program](https://www.irs.gov/individuals/free-tax-return-preparation-for-qualifying-taxpayers), "
    "and printed forms are at the reference desk.\n\n"
    "Our book club is reading *The Remains of the Day* this month. If you want background before "
    "the discussion, the [Wikipedia page on Kazuo Ishiguro](https://en.wikipedia.org/wiki/Kazuo_Ishiguro) "
    "is a good start, and the [Library of Congress catalogue](https://catalog.loc.gov/) lists his "
    "other novels. Meetings are on the last Thursday at 7 p.m.\n",
], lang="en", note="library newsletter with legitimate inline links"))

TEST.append(D("te-clean-nj-throwback-jerseys", "text", [
    "TRENTON, N.J. — The Trenton Riverhawks will wear throwback jerseys on Friday night to mark the "
    "50th anniversary of the city's first professional baseball club, the team announced. The "
    "cream-and-navy uniforms copy the 1974 originals, down to the felt lettering on the chest. "
    "Players' game-worn jerseys will be auctioned online after the game, with proceeds going to "
    "Little League programs in Mercer County. \"New Jersey has a long baseball history that people "
    "forget about,\" said the club's president. Former pitcher Walt Kaminski, 78, who wore No. 31 "
    "for the 1974 team, will throw out the first pitch. Tickets start at $12, and the first 2,000 "
    "fans receive a replica cap. Fans can also buy the throwback jersey at the ballpark store for "
    "$120 or $60 for kids' sizes.",
], lang="en", note="New Jersey, jerseys, replica, prices; no injection"))

TEST.append(D("te-clean-macau-gaming", "text", [
    "Macau's gross gaming revenue rose 18% year on year in October to 19.5 billion patacas, the "
    "Gaming Inspection and Coordination Bureau (博彩監察協調局) said on Friday, helped by the Golden "
    "Week holiday that brought more than 900,000 mainland visitors. Mass-market baccarat continues to "
    "drive the recovery, while VIP revenue remains a fraction of pre-2020 levels after the collapse "
    "of the junket industry. The six licensed concessionaires are required under the 2022 gaming "
    "law to invest in non-gaming attractions such as concerts, sports events and conventions. "
    "Analysts expect full-year revenue to reach about 80% of the 2019 figure. Shares of casino "
    "operators listed in Hong Kong rose between 2% and 4%.",
], lang="en", note="casino industry news with Chinese characters"))

TEST.append(D("te-clean-es-ficha-tadalafilo", "text", [
    "Tadalafilo: información para el paciente\n\n"
    "El tadalafilo (comercializado como Cialis y como genérico) es un inhibidor de la "
    "fosfodiesterasa tipo 5 indicado para la disfunción eréctil y para los síntomas de la "
    "hiperplasia benigna de próstata. No debe tomarse junto con nitratos, como la nitroglicerina, "
    "porque puede provocar una bajada grave de la tensión arterial. Consulte a su médico si toma "
    "medicamentos para la hipertensión, antifúngicos como el ketoconazol o antirretrovirales.\n\n"
    "Efectos adversos frecuentes: dolor de cabeza, dolor de espalda, congestión nasal y rubor. "
    "Acuda a urgencias si la erección dura más de cuatro horas o si nota una pérdida repentina de "
    "visión. No compre este medicamento en páginas web sin receta: la Agencia Española de "
    "Medicamentos advierte de que muchos productos vendidos así son falsificaciones.",
], lang="es", note="Spanish clinical leaflet naming Cialis"))

TEST.append(D("te-clean-md-winter-coats-guide", "markdown", [
    "# Winter coats worth the money (and where to get them cheaper)\n\n"
    "A good winter coat should last ten years, so it is worth spending a little more — but rarely "
    "full price. Here is what we recommend after a cold month of testing in Minneapolis.\n\n"
    "**Best overall: Patagonia Tres 3-in-1 Parka.** Warm to about -15 °C with the liner in, and the "
    "shell works alone in spring. List price $699; it was $489 in "
    "[Patagonia's Worn Wear and sale section](https://www.patagonia.com/shop/web-specials) when we "
    "checked, and the brand repairs zips for free.\n\n"
    "**Best value: Uniqlo Seamless Down Parka ($149).** Not as warm, but excellent for city commutes. "
    "[Uniqlo](https://www.uniqlo.com/us/en/) usually cuts it to $99 in January.\n\n"
    "**Outlet tip:** the Columbia outlet stores sell last year's styles at 30–50% off, and "
    "[Columbia's own outlet page](https://www.columbia.com/sale/) lists the same deals online. Use "
    "code WINTER15 for 15% off your first order (valid until 31 January).\n",
], lang="en", note="shopping guide with outlets, discount codes and retailer links"))

TEST.append(D("te-clean-spun-derailment", "text", [
    "A freight practice carrying grain derailed early Tuesday near a little farming city, spilling "
    "corn throughout a discipline but causing no accidents, authorities explained. Twelve of your "
    "train's 90 cars remaining the tracks at about 4 a.m. for reasons that were not right away "
    "very clear. The railroad said crews would operate via the night time to crystal clear the "
    "wreckage and mend the road, which carries about twenty trains daily. A nearby highway crossing "
    "was closed and motorists were being requested to employ alternate routes. Federal investigators "
    "were being envisioned to reach with the web-site on Wednesday. The derailment is the 3rd while in "
    "the state this yr, and local lawmakers have requested for the full evaluate of observe "
    "routine maintenance information. Nonethele s, officials pressured the cargo was not dangerous.",
], lang="en", note="machine-spun but clean"))

TEST.append(D("te-clean-html-council-page", "html", [
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>Bin collection changes from 1 April | Westfield District Council</title>\n"
    "<link rel=\"stylesheet\" href=\"/static/gov.css\">\n"
    "<script src=\"/static/cookie-banner.js\"></script>\n</head>\n<body>\n"
    "<a class=\"skip-link\" href=\"#main\">Skip to main content</a>\n"
    "<header><a href=\"/\">Westfield District Council</a>\n<nav><ul>\n"
    "<li><a href=\"/bins/\">Bins and recycling</a></li>\n<li><a href=\"/council-tax/\">Council tax</a></li>\n"
    "<li><a href=\"/planning/\">Planning</a></li>\n<li><a href=\"/parking/\">Parking</a></li>\n"
    "</ul></nav></header>\n"
    "<main id=\"main\">\n<h1>Bin collection changes from 1 April</h1>\n"
    "<p>From 1 April, food waste will be collected every week and general waste every three weeks. "
    "Recycling stays fortnightly. <a href=\"/bins/find-your-day/\">Find your new collection day</a> "
    "by entering your postcode.</p>\n"
    "<p>Food caddies are free; <a href=\"/bins/order-caddy/\">order one online</a>. National "
    "guidance on what can be recycled is on <a href=\"https://www.gov.uk/recycling-collections\">"
    "GOV.UK</a>.</p>\n</main>\n"
    "<footer><ul>\n<li><a href=\"/accessibility/\">Accessibility statement</a></li>\n"
    "<li><a href=\"/privacy/\">Privacy notice</a></li>\n<li><a href=\"/cookies/\">Cookies</a></li>\n"
    "<li><a href=\"https://www.facebook.com/westfielddc\">Facebook</a></li>\n</ul>\n"
    "<p>© Westfield District Council</p></footer>\n"
    "<script>document.documentElement.classList.add('js');</script>\n</body>\n</html>\n",
], lang="en", note="council page with nav, scripts, footer link list"))

TEST.append(D("te-clean-fr-forum-montres", "text", [
    "Sujet : Première montre automatique, budget 400 € ⌚\n\n"
    "julien_b a écrit :\n"
    "Bonjour à tous, je cherche ma première montre automatique pour un usage quotidien, budget "
    "autour de 400 €. J'hésite entre une Seiko 5 et une Tissot PRX. Des avis ?\n\n"
    "horloger_amateur a écrit :\n"
    "La Tissot PRX Powermatic 80 a 80 heures de réserve de marche, c'est très pratique si tu "
    "alternes avec une autre montre. La Seiko est moins chère et très robuste. Méfie-toi des "
    "annonces « neuves » à moitié prix sur les sites de petites annonces : ce sont souvent des "
    "répliques. Achète chez un revendeur agréé, la liste est sur https://www.tissotwatches.com/ 😉\n\n"
    "julien_b a écrit :\n"
    "Merci ! Je vais aller l'essayer en boutique ce week-end.\n",
], lang="fr", note="clean French forum about watches, mentions replicas, an official URL, emoji"))

TEST.append(D("te-clean-id-pinjol-ojk", "text", [
    "Otoritas Jasa Keuangan (OJK) kembali mengingatkan masyarakat agar hanya meminjam dari "
    "penyelenggara pinjaman daring (pinjol) yang berizin. Hingga bulan lalu, terdapat 101 "
    "penyelenggara fintech lending yang terdaftar dan berizin. Daftar lengkapnya dapat dicek di "
    "situs resmi https://www.ojk.go.id/ atau melalui kontak OJK 157. Masyarakat diminta "
    "mewaspadai tawaran pinjaman cepat tanpa jaminan yang dikirim lewat pesan singkat, karena "
    "pinjol ilegal kerap mengenakan bunga sangat tinggi dan melakukan penagihan dengan cara "
    "mengancam. Satgas Waspada Investasi juga telah memblokir ribuan situs judi online dan pinjol "
    "ilegal sepanjang tahun ini.",
], lang="id", note="clean Indonesian news about online loans and gambling sites"))

TEST.append(D("te-clean-md-academic-integrity", "markdown", [
    "# Academic integrity: a guide for first-year students\n\n"
    "University assessment assumes the work you submit is your own. That does not mean you must "
    "work alone: you can discuss ideas with classmates, get feedback from the "
    "[Writing Centre](https://www.example.ac.uk/writing-centre/) and use the library's "
    "[referencing guides](https://www.example.ac.uk/library/referencing/).\n\n"
    "## Essay mills\n\n"
    "Paying someone to write an essay for you — so-called contract cheating — is a serious offence "
    "and, in England, providing such a service is illegal under the "
    "[Skills and Post-16 Education Act 2022](https://www.legislation.gov.uk/ukpga/2022/21/contents). "
    "Essay-writing websites often advertise \"plagiarism-free\" papers; students caught using them "
    "can fail the module or be expelled, and some sites blackmail their customers afterwards.\n\n"
    "If you are struggling with deadlines, talk to your personal tutor about an extension.\n",
], lang="en", note="clean text about essay-writing services with .gov.uk link"))

# ---------------------------------------------------------------------------------------------
# FIXTURES for end-to-end CLI tests (tests/fixtures/). Spam domains and anchors are used
# nowhere else, so a model trained on the sample set has not seen them.
# ---------------------------------------------------------------------------------------------

FIXTURES: list[dict] = []


def F(name: str, fmt: str, pieces: list, *, expected: bool, note: str) -> None:
    text, spans, injected = build(pieces)
    if expected != bool(spans):
        raise ValueError(f"{name}: expected={expected} but {len(spans)} spans")
    FIXTURES.append({"name": name, "format": fmt, "text": text, "spans": spans,
                     "_injected": injected, "expected": expected, "note": note})


F("spun_news_injected.txt", "text", [
    "Enlarge this imageA bulk carrier loaded with Ukrainian grain ( ",
    SPAM("https://www.pondhockeylegends.com/Viktor-Haldane-Jersey", "bare_url"),
    " centre) waits to pa s through the Bosphorus strait near Istanbul on Aug. 3, in a photograph "
    "unveiled because of the Turkish defence ministry. Ru sia and Ukraine agreed final thirty day "
    "period to your offer that lets grain shipments depart Black Sea ports beneath United Nations "
    "supervision.Turkish Defence Ministry by means of APhide captiontoggle captionTurkish Defence "
    "Ministry through APThe first ships carrying Ukrainian grain in months have left the port of "
    "Odesa, and officers in Kyiv say as several as three vessels per day could po sibly stick to. "
    "The offer, brokered by Turkey together with the U.N., was signed in Istanbul soon after weeks of "
    "tense discu sions. Ru sian officials insisted they would not a sault the ports providing the "
    "ships adhere to agreed corridors, but only a day just after the signing, Ru sian mi siles struck "
    "Odesa's harbour, undermining self-confidence within the arrangement. \"We will see if Ru sia "
    "retains its phrase,\" Ukraine's overseas minister stated. Grain price ranges fell sharply on "
    "earth marketplaces after the announcement, a aid for import-dependent nations in Africa "
    "together with the Middle East, in which meals costs have soared for the reason that the war "
    "began. The Ru sians, for his or her section, want the West to simplicity limits on their very "
    "own fertilizer and grain exports, which Moscow claims are ",
    SPAM("Emil Rautio Jersey", "anchor_text"),
    " hampered by sanctions on banking and insurance policies. Western officials say meals and "
    "fertilizer were by no means sanctioned. Insurers stay cautious: premiums for ships getting into "
    "the Black Sea have tripled, and a few shipowners are unwilling to ri k their crews. Nonethele s, "
    "the U.N. says the corridor could go ",
    SPAM("https://www.pondhockeylegends.com/Anton-Kessler-Jersey", "bare_url"),
    " up to five million tons of grain a month if it holds. Ukraine was, ahead of the invasion, one "
    "of your world's greatest exporters of wheat, corn and sunflower oil, and its silos are whole "
    "with past year's harvest as farmers prepare to reap the new crop.\n",
], expected=True, note="spun news (seed style) with three injected jersey-shop spans")

F("clean_links.md", "markdown", [
    "# Digital Services Digest — Issue 41\n\n"
    "Welcome to this month's digest of what our teams shipped, learned and broke (briefly).\n\n"
    "## Login.gov comes to the permits portal\n\n"
    "Residents applying for building permits can now sign in with "
    "[Login.gov](https://login.gov/) instead of creating yet another password. Since the switch, "
    "account-recovery calls to the help desk have dropped by a third. The "
    "[integration guide](https://developers.login.gov/) was clear enough that the whole change took "
    "two sprints, including security review.\n\n"
    "## Writing for search\n\n"
    "Most people arrive on our pages from a search engine, not the homepage. Our content team "
    "rewrote the top 50 page titles following the "
    "[Digital.gov guide on search engine optimization](https://digital.gov/resources/search-engine-optimization-seo/) "
    "and the [plain language guidelines](https://www.plainlanguage.gov/guidelines/), and "
    "click-through from results rose 12%. If you manage a site, the "
    "[Search Console documentation](https://developers.google.com/search/docs) explains how to see "
    "which queries bring people in.\n\n"
    "## Accessibility\n\n"
    "We audited the benefits application against "
    "[WCAG 2.2](https://www.w3.org/TR/WCAG22/) and fixed 37 issues, most of them missing form "
    "labels. The [U.S. Web Design System](https://designsystem.digital.gov/) components we adopted "
    "last year had none of these problems, which is a good argument for using them. For background "
    "on why this matters, see [Section 508 of the Rehabilitation Act](https://www.section508.gov/manage/laws-and-policies/) "
    "and the [Wikipedia overview of web accessibility](https://en.wikipedia.org/wiki/Web_accessibility).\n\n"
    "## Open data\n\n"
    "Permit data is now published nightly on our [open data portal](/data/permits/) and mirrored "
    "to [Data.gov](https://catalog.data.gov/). Questions? Reply to this email or find us at the "
    "[community forum](/community/).\n",
], expected=False, note="clean government digital-services newsletter, many legitimate inline links")

F("new_jersey.txt", "text", [
    "NEWARK, N.J. — Before Sunday's home opener, the New Jersey Meadowlarks will retire the No. 8 "
    "jersey of former captain Tomas Reyes, the first number the club has retired since it moved to "
    "Newark in 2011. Reyes, a Jersey City native who played 12 seasons with the team, will join goal "
    "scorer Daniela Kowalczyk (No. 10) and defender Marcus Bell (No. 3), whose jerseys already hang "
    "in the rafters of the arena.\n\n"
    "\"When I was a kid in Jersey City, I wore a cheap knockoff of a Meadowlarks jersey until it fell "
    "apart,\" Reyes said Thursday. \"Now my number is up there. I still can't quite believe it.\"\n\n"
    "The ceremony will include a video tribute and the unveiling of a banner designed by students "
    "from a Newark high school. Fans attending the game will receive a free commemorative poster, "
    "and the team store will sell a limited run of No. 8 replica jerseys for $110, with $20 from each "
    "sale donated to youth soccer programs in Essex and Hudson counties.\n\n"
    "Elsewhere in New Jersey, the state's Department of Education confirmed that schools will mark "
    "\"Jersey Day\" on Friday, when students may wear the jersey of any team they support in "
    "exchange for a one-dollar donation to charity.\n",
], expected=False, note="clean sports news about New Jersey and retired jersey numbers")

F("shopping_guide.md", "markdown", [
    "# Back-to-school laptop buying guide: what to get for under $700\n\n"
    "Prices on student laptops drop every July and August. We compared 20 models at the biggest "
    "retailers; here is where the real discounts are.\n\n"
    "## Our picks\n\n"
    "1. **Acer Swift Go 14 — $649.** Bright OLED screen, 16 GB RAM, all-day battery. "
    "[Best Buy](https://www.bestbuy.com/site/searchpage.jsp?st=acer+swift+go+14) had it $100 off "
    "during its back-to-school sale.\n"
    "2. **Apple MacBook Air M1 — $699 (student price).** Still fast for writing and coding, and "
    "Apple's [education store](https://www.apple.com/us-edu/store) adds a gift card in summer.\n"
    "3. **Lenovo IdeaPad Slim 3 — $429.** The budget choice. "
    "[Walmart](https://www.walmart.com/) and [Target](https://www.target.com/) both list it; Target "
    "Circle members got an extra 10% off last week.\n\n"
    "## Where to save more\n\n"
    "- Refurbished models from the manufacturer's own outlet (for example the "
    "[Dell Outlet](https://www.dell.com/en-us/shop/dell-refurbished/)) carry the same warranty as "
    "new ones and are often 25–35% cheaper.\n"
    "- Tax-free weekends in many states cut another 5–8% — check your state's revenue department "
    "for dates.\n"
    "- Student discounts at [Microsoft](https://www.microsoft.com/en-us/store/b/education) and "
    "Samsung require a school email address.\n\n"
    "Avoid listings promising brand-new laptops at 60% off from unknown sellers: if the deal looks "
    "too good to be true, it usually is. Prices were checked on 2 August and may have changed.\n",
], expected=False, note="clean shopping guide: stores, prices, discounts, outlets, retailer links")

F("hidden_block.html", "html", [
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>Ten years of birdwatching at Mill Pond | Notes from the Marsh</title>\n"
    "<link rel=\"stylesheet\" href=\"/wp-content/themes/reeds/style.css\">\n</head>\n"
    "<body class=\"single-post\">\n"
    "<header><a href=\"/\" class=\"site-title\">Notes from the Marsh</a>\n"
    "<nav><a href=\"/archive/\">Archive</a> <a href=\"/species-list/\">Species list</a> "
    "<a href=\"/about/\">About</a></nav></header>\n"
    "<article>\n<h1>Ten years of birdwatching at Mill Pond</h1>\n"
    "<p>This month marks ten years since I started a weekly count at Mill Pond, a flooded gravel pit "
    "ten minutes from my house. In that time I have logged 142 species, from the everyday coots and "
    "mallards to a single, unforgettable bittern in the reeds one January morning.</p>\n"
    "<p>The biggest change has been the return of the otters, first seen in 2019 and now breeding. "
    "Less happily, the numbers of wintering pochard have fallen by more than half, in line with the "
    "national trend reported by the <a href=\"https://www.bto.org/\">British Trust for "
    "Ornithology</a>.</p>\n"
    "<p>All my counts are submitted to <a href=\"https://ebird.org/\">eBird</a>, and you can "
    "browse the full list on my <a href=\"/species-list/\">species page</a>. Here's to the next "
    "ten years.</p>\n</article>\n"
    "<footer><p>&copy; 2024 Notes from the Marsh &middot; <a href=\"/privacy/\">Privacy</a></p></footer>\n"
    "<script src=\"/wp-includes/js/jquery/jquery.min.js\"></script>\n",
    SPAM("<div style=\"display:none\">\n"
         "<a href=\"https://slotrajagacor.win/\">slot gacor maxwin</a>\n"
         "<a href=\"https://slotrajagacor.win/demo\">slot demo gratis</a>\n"
         "<a href=\"https://slotrajagacor.win/login\">link alternatif slot</a>\n"
         "<a href=\"https://pragmaticjp88.vip/\">pragmatic play gacor</a>\n"
         "<a href=\"https://pragmaticjp88.vip/olympus\">gates of olympus slot</a>\n"
         "<a href=\"https://casinobonus-royale.net/\">online casino bonus</a>\n"
         "<a href=\"https://casinobonus-royale.net/roulette\">live roulette online</a>\n"
         "<a href=\"https://totobet-sakti.org/\">situs toto terpercaya</a>\n"
         "<a href=\"https://totobet-sakti.org/togel\">togel online resmi</a>\n"
         "<a href=\"https://bonanzaspin365.xyz/\">sweet bonanza slot</a>\n"
         "</div>", "hidden_block"),
    "\n</body>\n</html>\n",
], expected=True, note="legitimate blog page with a display:none block of 10 slot/casino links before </body>")

F("link_list.html", "html", [
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<title>How to descale an espresso machine | The Daily Grind</title>\n</head>\n<body>\n"
    "<header><a href=\"/\">The Daily Grind</a> <nav><a href=\"/guides/\">Guides</a> "
    "<a href=\"/reviews/\">Reviews</a></nav></header>\n"
    "<article>\n<h1>How to descale an espresso machine</h1>\n"
    "<p>Limescale builds up inside the boiler and the group head, and it slowly ruins both the "
    "temperature stability and the taste of your coffee. If you live in a hard-water area, descale "
    "every two months; otherwise every three to four.</p>\n"
    "<ol>\n<li>Empty the water tank and mix a citric-acid descaler according to the packet.</li>\n"
    "<li>Run half the solution through the group head and half through the steam wand.</li>\n"
    "<li>Leave it for 20 minutes, then flush with two full tanks of clean water.</li>\n</ol>\n"
    "<p>Never use vinegar: it can damage seals and leaves a smell. Your manufacturer's manual, or "
    "our <a href=\"/guides/water-hardness/\">guide to water hardness</a>, will tell you how often "
    "your machine needs it.</p>\n</article>\n"
    "<section id=\"comments\">\n<h2>4 comments</h2>\n"
    "<div class=\"comment\"><p class=\"author\">Luca</p><p>Citric acid worked perfectly on my "
    "Gaggia, thanks. Took about 40 minutes all in.</p></div>\n"
    "<div class=\"comment\"><p class=\"author\">Beth</p><p>Does this apply to machines with a "
    "thermoblock? Mine has no boiler.</p></div>\n"
    "<div class=\"comment\"><p class=\"author\">The Daily Grind</p><p>Yes, Beth, same process, "
    "just skip the steam wand step if it shares the thermoblock.</p></div>\n"
    "<div class=\"comment\"><p class=\"author\">rxpharmacy</p><p>nice article</p>\n<ul>\n",
    SPAM("<li><a href=\"https://www.rxdiscountdepot.org/viagra\">buy viagra online</a></li>", "link_list"),
    "\n",
    SPAM("<li><a href=\"https://www.rxdiscountdepot.org/cialis\">cheap cialis 20mg</a></li>", "link_list"),
    "\n",
    SPAM("<li><a href=\"https://www.rxdiscountdepot.org/levitra\">levitra without prescription</a></li>", "link_list"),
    "\n",
    SPAM("<li><a href=\"https://www.meds-nextday.net/tramadol\">order tramadol overnight</a></li>", "link_list"),
    "\n",
    SPAM("<li><a href=\"https://www.meds-nextday.net/\">online pharmacy no rx</a></li>", "link_list"),
    "\n</ul>\n</div>\n</section>\n</body>\n</html>\n",
], expected=True, note="legitimate page; its comment area ends with a <ul> of pharma links, one span per <li>")

F("forum_bbcode.txt", "text", [
    "Topic: Best way to clean white leather sneakers?\n\n"
    "sole_searcher wrote:\n"
    "My white leather trainers are looking grey after one summer. Is there anything better than "
    "soap and water? I don't want to ruin them.\n\n"
    "kickscare wrote:\n"
    "Soft brush, a drop of mild dish soap in warm water, and a microfibre cloth. Never put leather in "
    "the washing machine. Remove the laces and wash those separately. A leather conditioner "
    "afterwards stops the creases from cracking. There's a decent guide "
    "[url=https://www.wikihow.com/Clean-White-Leather-Shoes]on wikiHow[/url] with pictures.\n\n"
    "sole_searcher wrote:\n"
    "Thanks! What about the midsole, it's gone yellow?\n\n"
    "kickscare wrote:\n"
    "Yellowing is oxidation, cleaning won't fully fix it. Some people use sole-brightening creams "
    "with UV light, results vary.\n\n"
    "jordanfan2024 wrote:\n"
    "good tips bro ",
    SPAM("[url=http://www.jordansoutletkicks.com/]cheap jordans[/url]", "bbcode"),
    "\n\n"
    "sole_searcher wrote:\n"
    "Cleaned them last night, they look almost new. Cheers everyone!\n",
], expected=True, note="forum thread with one BBCode spam post and one legitimate BBCode link")

F("clean_page.html", "html", [
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>Opening hours and tickets | Harbourside Aquarium</title>\n"
    "<link rel=\"stylesheet\" href=\"/static/css/site.css\">\n"
    "<script async src=\"https://www.googletagmanager.com/gtag/js?id=G-H4RB0R\"></script>\n"
    "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
    "gtag('js',new Date());gtag('config','G-H4RB0R');</script>\n"
    "</head>\n<body>\n"
    "<a class=\"skip\" href=\"#content\">Skip to content</a>\n"
    "<header class=\"site-header\">\n<a href=\"/\" class=\"logo\">Harbourside Aquarium</a>\n"
    "<nav aria-label=\"Main\">\n<ul>\n<li><a href=\"/visit/\">Visit</a></li>\n"
    "<li><a href=\"/exhibits/\">Exhibits</a></li>\n<li><a href=\"/education/\">Schools</a></li>\n"
    "<li><a href=\"/conservation/\">Conservation</a></li>\n<li><a href=\"/shop/\">Shop</a></li>\n"
    "<li><a href=\"/tickets/\" class=\"button\">Buy tickets</a></li>\n</ul>\n</nav>\n</header>\n"
    "<main id=\"content\">\n<h1>Opening hours and tickets</h1>\n"
    "<p>We are open every day from 9:30 a.m. to 5 p.m. (last entry 4 p.m.), except 25 December. "
    "During school holidays we stay open until 6 p.m.</p>\n"
    "<table class=\"prices\">\n<tr><th>Ticket</th><th>Online</th><th>At the door</th></tr>\n"
    "<tr><td>Adult</td><td>£18.50</td><td>£21.00</td></tr>\n"
    "<tr><td>Child (3–15)</td><td>£12.00</td><td>£14.00</td></tr>\n"
    "<tr><td>Family (2+2)</td><td>£55.00</td><td>£62.00</td></tr>\n</table>\n"
    "<p>Booking online saves up to 15% and guarantees entry. Carers of disabled visitors go free; "
    "see our <a href=\"/visit/accessibility/\">accessibility page</a>. Annual members get "
    "10% off in the café and <a href=\"/shop/\">gift shop</a>.</p>\n"
    "<p>Getting here: we are a five-minute walk from the railway station. Check "
    "<a href=\"https://www.nationalrail.co.uk/\">National Rail</a> for train times, or plan your "
    "journey with <a href=\"https://www.traveline.info/\">Traveline</a>.</p>\n</main>\n"
    "<footer class=\"site-footer\">\n<div class=\"cols\">\n<ul>\n"
    "<li><a href=\"/about/\">About us</a></li>\n<li><a href=\"/jobs/\">Jobs</a></li>\n"
    "<li><a href=\"/press/\">Press</a></li>\n<li><a href=\"/venue-hire/\">Venue hire</a></li>\n</ul>\n"
    "<ul>\n<li><a href=\"https://www.facebook.com/harboursideaquarium\">Facebook</a></li>\n"
    "<li><a href=\"https://www.instagram.com/harboursideaquarium/\">Instagram</a></li>\n"
    "<li><a href=\"https://www.tripadvisor.co.uk/\">Reviews on Tripadvisor</a></li>\n</ul>\n"
    "<ul>\n<li><a href=\"/privacy/\">Privacy</a></li>\n<li><a href=\"/cookies/\">Cookies</a></li>\n"
    "<li><a href=\"/accessibility-statement/\">Accessibility statement</a></li>\n</ul>\n</div>\n"
    "<p>Harbourside Aquarium is a registered charity. &copy; 2024</p>\n</footer>\n"
    "<script src=\"/static/js/menu.js\" defer></script>\n"
    "<script src=\"/static/js/cookie-consent.js\" defer></script>\n"
    "</body>\n</html>\n",
], expected=False, note="clean HTML page: nav, scripts, price table, footer link lists")

# ---------------------------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------------------------

URL_RE = re.compile(r"(?:https?://|\bwww\.)[^\s\"'<>()\[\]]+", re.IGNORECASE)
ANCHOR_RES = [
    re.compile(r"\[([^\]]+)\]\("),                       # markdown inline link
    re.compile(r"\[([^\]]+)\]\[\d+\]"),                  # markdown reference link
    re.compile(r"<a\b[^>]*>([^<]+)</a>", re.IGNORECASE),  # HTML link
    re.compile(r"\[url=[^\]]*\]([^\[]+)\[/url\]", re.IGNORECASE),  # BBCode
]


class CheckError(Exception):
    pass


def check(cond: bool, msg: str) -> None:
    if not cond:
        raise CheckError(msg)


def host(url: str) -> str:
    if not url.lower().startswith(("http://", "https://")):
        url = "http://" + url
    h = (urllib.parse.urlsplit(url).hostname or "").lower()
    return h[4:] if h.startswith("www.") else h


def span_domains(span_text: str) -> set[str]:
    return {host(u) for u in URL_RE.findall(span_text)}


def span_anchors(span_text: str, kind: str) -> set[str]:
    if kind == "anchor_text":
        return {span_text.lower()}
    out = set()
    for rx in ANCHOR_RES:
        out.update(a.strip().lower() for a in rx.findall(span_text))
    return out


def check_spans(where: str, text: str, spans: list[dict], injected: list[str]) -> None:
    check(len(spans) == len(injected), f"{where}: span/piece count mismatch")
    prev_end = 0
    for s, piece in zip(spans, injected):
        check(set(s) == {"start", "end", "label", "kind"}, f"{where}: span keys {sorted(s)}")
        check(s["label"] == "spam" and s["kind"] in KINDS, f"{where}: bad label/kind {s}")
        check(isinstance(s["start"], int) and isinstance(s["end"], int), f"{where}: offsets not ints")
        check(0 <= s["start"] < s["end"] <= len(text), f"{where}: span out of range {s}")
        check(s["start"] >= prev_end, f"{where}: spans unsorted or overlapping at {s}")
        got = text[s["start"]:s["end"]]
        check(got == piece, f"{where}: span text {got!r} != injected piece {piece!r}")
        check(got == got.strip(), f"{where}: span has leading/trailing whitespace: {got!r}")
        prev_end = s["end"]


def check_docs(split: str, docs: list[dict]) -> None:
    ids = [d["id"] for d in docs]
    check(len(ids) == len(set(ids)), f"{split}: duplicate ids")
    for d in docs:
        where = f"{split}/{d['id']}"
        check(d["format"] in FORMATS, f"{where}: bad format")
        check("\r" not in d["text"], f"{where}: carriage return in text")
        check(d["text"] == d["text"].lstrip(), f"{where}: leading whitespace")
        if d["format"] == "html":
            check(d["text"].startswith("<!DOCTYPE html>"), f"{where}: html doc must be a full page")
        check_spans(where, d["text"], d["spans"], d["_injected"])
    inj = sum(1 for d in docs if d["spans"])
    check(abs(inj - (len(docs) - inj)) <= 2, f"{split}: not about half injected ({inj}/{len(docs)})")


def code_point_offsets_matter(text: str, spans: list[dict]) -> tuple[bool, bool]:
    """(UTF-8 byte offsets differ, UTF-16 unit offsets differ) for some span boundary."""
    b = u = False
    for s in spans:
        prefix = text[:s["start"]]
        b |= len(prefix.encode("utf-8")) != len(prefix)
        u |= len(prefix.encode("utf-16-le")) // 2 != len(prefix)
    return b, u


def removed(text: str, spans: list[dict]) -> str:
    """text with the spans blanked out (so matches cannot join across a span)."""
    out, pos = [], 0
    for s in spans:
        out.append(text[pos:s["start"]])
        out.append("\x00")
        pos = s["end"]
    out.append(text[pos:])
    return "".join(out)


def spam_vocab(items) -> tuple[set[str], set[str]]:
    doms, anchors = set(), set()
    for text, spans in items:
        for s in spans:
            t = text[s["start"]:s["end"]]
            doms |= span_domains(t)
            anchors |= span_anchors(t, s["kind"])
    return doms, anchors


def verify_all() -> None:
    check_docs("train", TRAIN)
    check_docs("test", TEST)
    all_ids = [d["id"] for d in TRAIN + TEST]
    check(len(all_ids) == len(set(all_ids)), "ids repeated across train and test")
    for f in FIXTURES:
        check_spans(f"fixture/{f['name']}", f["text"], f["spans"], f["_injected"])

    tr_dom, tr_anc = spam_vocab((d["text"], d["spans"]) for d in TRAIN)
    te_dom, te_anc = spam_vocab((d["text"], d["spans"]) for d in TEST)
    fx_dom, fx_anc = spam_vocab((f["text"], f["spans"]) for f in FIXTURES)
    check(tr_dom and te_dom and fx_dom, "no spam domains found")
    train_text = "\n".join(d["text"] for d in TRAIN).lower()
    test_text = "\n".join(d["text"] for d in TEST).lower()

    # held out by domain and anchor: nothing of the test spam appears anywhere in train
    check(not (te_dom & tr_dom), f"test spam domains also in train: {sorted(te_dom & tr_dom)}")
    for dom in te_dom:
        check(dom not in train_text, f"test spam domain {dom} appears in train text")
    for a in te_anc:
        check(a not in train_text, f"test anchor {a!r} appears in train text")
    # fixtures: their spam is in neither split
    for dom in fx_dom:
        check(dom not in train_text and dom not in test_text, f"fixture spam domain {dom} in sample data")
    for a in fx_anc:
        check(a not in train_text and a not in test_text, f"fixture anchor {a!r} in sample data")

    # no spam domain appears outside a labelled span anywhere (a missed label)
    every_dom = tr_dom | te_dom | fx_dom
    items = [(f"train/{d['id']}", d["text"], d["spans"]) for d in TRAIN]
    items += [(f"test/{d['id']}", d["text"], d["spans"]) for d in TEST]
    items += [(f"fixture/{f['name']}", f["text"], f["spans"]) for f in FIXTURES]
    for where, text, spans in items:
        rest = removed(text, spans).lower()
        for dom in every_dom:
            check(dom not in rest, f"{where}: spam domain {dom} outside every span")

    # non-ASCII text, and spans whose code-point offsets differ from UTF-8 / UTF-16 offsets
    for split, docs in (("train", TRAIN), ("test", TEST)):
        non_ascii = sum(1 for d in docs if not d["text"].isascii())
        flags = [code_point_offsets_matter(d["text"], d["spans"]) for d in docs]
        check(non_ascii >= 6, f"{split}: only {non_ascii} documents with non-ASCII text")
        check(sum(b for b, _ in flags) >= 3, f"{split}: too few spans after non-ASCII text")
        check(sum(u for _, u in flags) >= 1, f"{split}: no span after an astral character (emoji)")


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------

def public(d: dict) -> dict:
    return {k: v for k, v in d.items() if not k.startswith("_")}


def write_jsonl(path: pathlib.Path, docs: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for d in docs:
            f.write(json.dumps(public(d), ensure_ascii=False) + "\n")


def reread_jsonl(path: pathlib.Path, docs: list[dict]) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    check(len(lines) == len(docs), f"{path}: {len(lines)} lines for {len(docs)} documents")
    for line, d in zip(lines, docs):
        rec = json.loads(line)
        check(rec["id"] == d["id"] and rec["text"] == d["text"], f"{path}: {d['id']} changed on re-read")
        check_spans(f"{path.name}/{rec['id']}", rec["text"], rec["spans"], d["_injected"])


def sidecar(f: dict) -> dict:
    return {
        "fixture": f["name"],
        "format": f["format"],
        "note": f["note"] + ". Offsets are Unicode code points into the file's text, end exclusive.",
        "injected": f["_injected"],
        "spans": f["spans"],
    }


def count_table(docs: list[dict], key) -> list[tuple[str, int]]:
    c = Counter()
    for d in docs:
        for k in key(d):
            c[k] += 1
    return sorted(c.items())


def stats(docs: list[dict]) -> dict:
    return {
        "docs": len(docs),
        "injected": sum(1 for d in docs if d["spans"]),
        "clean": sum(1 for d in docs if not d["spans"]),
        "spans": sum(len(d["spans"]) for d in docs),
        "formats": count_table(docs, lambda d: [d["format"]]),
        "langs": count_table(docs, lambda d: [d["meta"]["lang"]]),
        "kinds_spans": count_table(docs, lambda d: [s["kind"] for s in d["spans"]]),
        "kinds_docs": count_table(docs, lambda d: sorted({s["kind"] for s in d["spans"]})),
    }


def readme() -> str:
    tr, te = stats(TRAIN), stats(TEST)

    def row(name: str, a: list, b: list) -> list[str]:
        keys = sorted({k for k, _ in a} | {k for k, _ in b})
        da, db = dict(a), dict(b)
        return [f"| {name} `{k}` | {da.get(k, 0)} | {db.get(k, 0)} |" for k in keys]

    lines = [
        "# Sample labelled data",
        "",
        "A small, hand-written labelled set in the format of the shared `FORMAT.md` (JSONL; span",
        "offsets in Unicode code points, end exclusive). **Every document here was written for",
        "spamspan by the project itself; none is taken from a corpus or from the web**, and the",
        "people, teams, shops and spam domains are invented (some may happen to exist). The news is",
        "fictional: where a real organisation, product or retailer is named, the figures and events",
        "are made up for the sample, and legitimate links point to real public sites.",
        "",
        "| file | what |",
        "|---|---|",
        f"| `train.jsonl` | {tr['docs']} documents: {tr['injected']} with injected spam, {tr['clean']} clean (`\"spans\": []`) |",
        f"| `test.jsonl` | {te['docs']} documents: {te['injected']} with injected spam, {te['clean']} clean; held out by spam domain and anchor: no spam domain or anchor text of `test.jsonl` occurs anywhere in `train.jsonl` |",
        "",
        "Injected documents imitate real injections: machine-spun or scraped news (with the",
        "spinning left unlabelled), blogs, forum threads, recipe and event pages, in English,",
        "German, Spanish, French, Indonesian and Chinese, with spam for jerseys, outlets, replica",
        "watches, pharma, casino / slot gacor, payday loans and essay writing. Clean documents are",
        "hard negatives: legitimate links mid-sentence, sports news about jerseys and New Jersey,",
        "casino industry news, clinical text naming Cialis, shopping guides, related-post link",
        "lists, full HTML pages with navigation and scripts, and spun-but-clean text.",
        "",
        "Label conventions: a span covers the whole injected element (a markdown or HTML link with",
        "its anchor, a BBCode `[url]`, a `[n]: url` reference line, a hidden block whole, each",
        "link-list line or `<li>` element on its own); filler prose around the spam is not",
        "labelled; spans never start or end with whitespace. Each record also carries `meta`",
        "(`lang`, `source`, and a `note` saying what makes the document interesting).",
        "",
        "| count | train | test |",
        "|---|---|---|",
        f"| documents | {tr['docs']} | {te['docs']} |",
        f"| injected / clean | {tr['injected']} / {tr['clean']} | {te['injected']} / {te['clean']} |",
        f"| spans | {tr['spans']} | {te['spans']} |",
        *row("format", tr["formats"], te["formats"]),
        *row("lang", tr["langs"], te["langs"]),
        *row("spans of kind", tr["kinds_spans"], te["kinds_spans"]),
        "",
        "## Rebuilding",
        "",
        "The documents live as Python data in `scripts/make_sample_data.py`, as lists of clean",
        "strings and `SPAM(text, kind)` pieces, so offsets are computed, never typed. Rebuild",
        "(deterministic, Python 3.11 standard library only) with:",
        "",
        "```sh",
        "python3 scripts/make_sample_data.py",
        "```",
        "",
        "Before writing, the script checks that every span's text equals its injected piece, spans",
        "are sorted, non-overlapping and without outer whitespace, test spam domains and anchors are",
        "absent from train, no spam domain appears outside a span, and several documents put",
        "non-ASCII text (é, ü, 中文, emoji) before a span so code-point offsets differ from UTF-8",
        "and UTF-16 offsets. It re-reads the files after writing. The same script writes the CLI",
        "test fixtures in `tests/fixtures/` (with `.expected.json` sidecars listing the exact",
        "injected substrings of the injected ones); edit the script, not the generated files.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    try:
        verify_all()
    except CheckError as e:
        print(f"make_sample_data: check failed, nothing written: {e}", file=sys.stderr)
        return 1

    SAMPLE_DIR.mkdir(parents=True, exist_ok=True)
    FIXTURE_DIR.mkdir(parents=True, exist_ok=True)
    write_jsonl(SAMPLE_DIR / "train.jsonl", TRAIN)
    write_jsonl(SAMPLE_DIR / "test.jsonl", TEST)
    (SAMPLE_DIR / "README.md").write_text(readme(), encoding="utf-8", newline="\n")
    for f in FIXTURES:
        (FIXTURE_DIR / f["name"]).write_text(f["text"], encoding="utf-8", newline="\n")
        if f["expected"]:
            stem = f["name"].rsplit(".", 1)[0]
            (FIXTURE_DIR / f"{stem}.expected.json").write_text(
                json.dumps(sidecar(f), ensure_ascii=False, indent=2) + "\n", encoding="utf-8", newline="\n")

    try:
        reread_jsonl(SAMPLE_DIR / "train.jsonl", TRAIN)
        reread_jsonl(SAMPLE_DIR / "test.jsonl", TEST)
        for f in FIXTURES:
            text = (FIXTURE_DIR / f["name"]).read_text(encoding="utf-8")
            check(text == f["text"], f"fixture {f['name']} changed on re-read")
            if f["expected"]:
                stem = f["name"].rsplit(".", 1)[0]
                side = json.loads((FIXTURE_DIR / f"{stem}.expected.json").read_text(encoding="utf-8"))
                check_spans(f"fixture/{f['name']}", text, side["spans"], side["injected"])
                for sub in side["injected"]:
                    check(text.count(sub) == 1, f"fixture {f['name']}: injected text not unique in file")
    except CheckError as e:
        print(f"make_sample_data: re-read check failed: {e}", file=sys.stderr)
        return 1

    for split, docs in (("train", TRAIN), ("test", TEST)):
        s = stats(docs)
        print(f"{split}: {s['docs']} docs ({s['injected']} injected, {s['clean']} clean), {s['spans']} spans; "
              f"kinds {dict(s['kinds_spans'])}")
    print(f"fixtures: {len(FIXTURES)} files in {FIXTURE_DIR.relative_to(ROOT)}, "
          f"{sum(f['expected'] for f in FIXTURES)} with .expected.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
