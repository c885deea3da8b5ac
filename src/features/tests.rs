//! Extraction-level tests: what the document context and the hashed keys say about real
//! shapes of text.

use super::*;
use crate::document::Format;

/// Tokens borrow their document: a test's document lives as long as the test process.
fn extraction(text: &str, format: Format) -> Extraction<'static> {
    extraction_rows(text, format).0
}

fn extraction_rows(text: &str, format: Format) -> (Extraction<'static>, Rows) {
    let doc = Box::leak(Box::new(Document::new("t", text, Some(format))));
    extract_rows(doc, &FeatureConfig::current(), &Fluency::default())
}

fn names_of(ex: &Extraction, surface: &str) -> Vec<String> {
    let i = ex
        .tokens
        .iter()
        .position(|t| t.surface.contains(surface))
        .unwrap_or_else(|| panic!("no token {surface:?}"));
    key_names(ex, &FeatureConfig::current(), i)
        .into_iter()
        .map(|(_, k)| k)
        .collect()
}

#[test]
fn a_link_is_keyed_by_the_words_around_it_and_its_spam_words() {
    let ex = extraction(
        "Users will be www.cheap-viagra-garden.com thankful for it.",
        Format::Text,
    );
    let keys = names_of(&ex, "viagra");
    for want in ["<be", ">thankful", "be_thankful", "h:viagra", "h:cheap"] {
        assert!(keys.iter().any(|k| k == want), "{want} not in {keys:?}");
    }
    // Host words outside the lexicon are not keys.
    assert!(!keys
        .iter()
        .any(|k| k == "h:garden" || k.starts_with("h:com")));
}

#[test]
fn a_prose_word_is_keyed_by_itself_its_neighbours_and_grams() {
    let ex = extraction("The jersey was cheap.", Format::Text);
    let keys = names_of(&ex, "jersey");
    for want in [
        "jersey",
        "<the",
        ">was",
        "the_jersey",
        "jersey_was",
        "^jer",
        "sey$",
    ] {
        assert!(keys.iter().any(|k| k == want), "{want} not in {keys:?}");
    }
}

#[test]
fn foreign_spam_in_a_link_list_marks_its_other_links() {
    let text = "Thanks for reading.\n\n[Houston Gift Shop](http://flowers-houston.com/tx.html) \
                [cheap viagra online](http://pills-shop.biz/viagra) \
                [payday loans](http://quick-loans.net/payday)\n";
    let (ex, rows) = extraction_rows(text, Format::Markdown);
    let first = &ex.context.links[0];
    assert_eq!(first.run_len, 3);
    assert_eq!(first.run_other_spammy, 2);
    assert!(
        rows[ex.tokens.iter().position(|t| t.link == Some(0)).unwrap()]
            .contains(&(Feat::LinkRunOtherSpam.index(), 1.0))
    );
}

#[test]
fn a_spammer_repeating_one_domain_does_not_become_the_page_itself() {
    let text = "Post by andy\n\nhelloreplica.com provides [Replica Watches](http://www.helloreplica.com/a) \
                and [replica bags](http://www.helloreplica.com/b) and \
                [replica shoes](http://www.helloreplica.com/c).";
    let ex = extraction(text, Format::Markdown);
    assert!(ex.context.links.iter().all(|f| !f.same_site));
}

#[test]
fn a_reference_link_and_its_definition_count_once_towards_the_page_site() {
    // Two injections to one domain: a raw `<a>` and a reference link with its definition.
    let text = "See [our guide](/guide/) first.\n\n\
                <a href=\"http://www.luck-royal-ca.website/?p=83148\">官网</a>\n\n\
                Find [partnersuche kostenlos][17] in the archive.\n\n\
                [17]: https://luck-royal-ca.website\n";
    let ex = extraction(text, Format::Markdown);
    assert_eq!(ex.context.links.len(), 4);
    assert!(ex.context.links.iter().all(|f| !f.same_site));
}

#[test]
fn a_spam_word_in_the_title_is_the_topic() {
    let text = "---\ntitle: \"Setting up CASino\"\n---\nGet it running with [Casino](http://casino.rbcas.com/).";
    let ex = extraction(text, Format::Markdown);
    let link = &ex.context.links[0];
    assert_eq!(link.anchor_strong_lex, 0, "casino is the page's topic");
    assert!(!link.spammy);
}

/// A shopping guide to jerseys uses "jerseys" as its own word: not spam vocabulary there,
/// so neither the page's spam density nor a neighbour's "next to spam" flag counts it. The
/// same body under another title does.
#[test]
fn the_page_topic_word_is_not_spam_vocabulary_on_its_page() {
    let body = "Official NFL jerseys cost well over $100, so fans look for cheaper jerseys \
                at big retailers.\n\nThe stitching shows which ones are fakes.";
    let on_topic = format!("# The best football jerseys for fans on a budget\n\n{body}");
    let off_topic = format!("# How we restored an old radio\n\n{body}");
    let row_of = |ex: &Extraction, rows: &Rows, surface: &str| {
        let i = ex.tokens.iter().position(|t| t.surface == surface).unwrap();
        rows[i].iter().map(|&(f, _)| f).collect::<Vec<u32>>()
    };
    let apparel = names::WORD_LEX[crate::lexicon::CATEGORIES
        .iter()
        .position(|&c| c == "apparel")
        .unwrap()]
    .index();

    let (ex, rows) = extraction_rows(&on_topic, Format::Markdown);
    assert_eq!(ex.context.strong_lex_density, 0.0);
    assert!(!ex.context.token_foreign_strong.iter().any(|&f| f));
    let jerseys = row_of(&ex, &rows, "jerseys");
    assert!(jerseys.contains(&Feat::DocProductTopic.index()));
    assert!(!jerseys.contains(&apparel));
    assert!(!row_of(&ex, &rows, "NFL").contains(&Feat::NextStrongLex.index()));

    let (ex, rows) = extraction_rows(&off_topic, Format::Markdown);
    assert!(ex.context.strong_lex_density > 0.0);
    let jerseys = row_of(&ex, &rows, "jerseys");
    assert!(!jerseys.contains(&Feat::DocProductTopic.index()));
    assert!(jerseys.contains(&apparel));
    assert!(row_of(&ex, &rows, "NFL").contains(&Feat::NextStrongLex.index()));
}

/// Rows take a word's keys from per-document caches; training names every key by hashing
/// it afresh. Both must give the same buckets in the same order, or the model's weights
/// would be read from the wrong buckets.
#[test]
fn rows_hold_the_keys_that_training_names() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/");
    for (name, format) in [
        ("spun_news_injected.txt", Format::Text),
        ("forum_bbcode.txt", Format::Text),
        ("new_jersey.txt", Format::Text),
        ("shopping_guide.md", Format::Markdown),
        ("link_list.html", Format::Html),
    ] {
        let text = std::fs::read_to_string(format!("{dir}{name}")).expect("fixture");
        let (ex, rows) = extraction_rows(&format!("{text}\n{text}"), format);
        let config = FeatureConfig::current();
        for i in 0..ex.tokens.len() {
            let hashed: Vec<u32> = rows[i]
                .iter()
                .map(|&(index, _)| index)
                .filter(|&index| index as usize >= NAMES.len())
                .collect();
            let named: Vec<u32> = key_names(&ex, &config, i)
                .into_iter()
                .map(|(index, _)| index)
                .collect();
            assert_eq!(hashed, named, "{name}, token {i}");
        }
    }
}

#[test]
fn a_word_repeated_only_inside_insertions_is_new_to_the_page() {
    use fluency::mark;
    let doc = Document::new(
        "t",
        "a plan levitra now and the plan levitra again, the plan",
        Some(Format::Text),
    );
    let structure = doc.structure();
    let tokens = tokens::tokenize(&doc.text, &structure);
    let vocab = Vocabulary::of(&tokens);
    let mut marks = vec![0u8; tokens.len()];
    for (m, t) in marks.iter_mut().zip(&tokens) {
        if t.word == "levitra" {
            *m = mark::INSERTION_ONE;
        }
    }
    // "plan" is inserted once of its three uses: the page's own word.
    let plan = tokens.iter().position(|t| t.word == "plan").unwrap();
    marks[plan] = mark::INSERTION_FEW;
    let counts: Vec<u32> = tokens
        .iter()
        .map(|t| tokens.iter().filter(|u| u.word == t.word).count() as u32)
        .collect();
    let flags = repeats_only_where_inserted(&marks, &tokens, &vocab, &counts);
    let flagged: Vec<&str> = tokens
        .iter()
        .zip(&flags)
        .filter(|(_, &f)| f)
        .map(|(t, _)| t.word.as_ref())
        .collect();
    assert_eq!(flagged, ["levitra", "levitra"]);
}

#[test]
fn a_spam_phrase_of_the_lexicon_counts_in_anchors_and_paths() {
    let ex = extraction(
        "Get it: [free download full version](https://files.example/keto-gummies/) now.",
        Format::Markdown,
    );
    let link = &ex.context.links[0];
    // "free download" and "full version" are phrases whose words are no terms alone.
    assert_eq!(link.anchor_strong_lex, 2);
    assert_eq!(link.path_strong_lex, 1);
    assert!(link.spammy);
}
