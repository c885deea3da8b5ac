//! The named features. Every weight of a model has a name, so a score can be explained;
//! the order here is the weight order, so changing it means a new extractor version.

macro_rules! named_features {
    ($($variant:ident = $name:literal,)*) => {
        /// A named (non-hashed) feature.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[repr(u32)]
        pub enum Feat { $($variant,)* }

        /// Names of the named features, in weight order.
        pub const NAMES: &[&str] = &[$($name,)*];
    };
}

named_features! {
    TokMarkup = "tok.markup",
    TokHidden = "tok.hidden",
    TokPunct = "tok.punct_only",
    // The word itself.
    WordLexApparel = "word.lex.apparel",
    WordLexCommerce = "word.lex.commerce",
    WordLexReplica = "word.lex.replica",
    WordLexPharma = "word.lex.pharma",
    WordLexGambling = "word.lex.gambling",
    WordLexLoans = "word.lex.loans",
    WordLexEssay = "word.lex.essay",
    WordLexSeo = "word.lex.seo",
    WordLexAdult = "word.lex.adult",
    WordLexMisc = "word.lex.misc",
    WordLexOther = "word.lex.other",
    WordPhraseLex = "word.lex.phrase",
    WordCap = "word.capitalised",
    WordAllCaps = "word.all_caps",
    WordDigit = "word.has_digit",
    WordLong = "word.long",
    CapRun2 = "word.cap_run.2",
    CapRun3 = "word.cap_run.3plus",
    CapRunMidSentence = "word.cap_run.mid_sentence",
    CapRunEndsProduct = "word.cap_run.ends_in_product",
    CapRunUnseen = "word.cap_run.unseen_in_doc",
    CapRunNameProductMid = "word.cap_run.name_product_mid_sentence",
    PrevStrongLex = "word.prev_is_strong_lex",
    NextStrongLex = "word.next_is_strong_lex",
    UnseenLexRun = "phrase.unseen_run_with_strong_lex",
    UnseenLexRunLong = "phrase.unseen_run_with_strong_lex.3plus",
    // How the word sits in ordinary prose (see `fluency`).
    SeamBreakBefore = "seam.break_before",
    SeamBreakAfter = "seam.break_after",
    SeamInsertionOne = "seam.insertion.1_word",
    SeamInsertionFew = "seam.insertion.2_6_words",
    SeamInsertionLex = "seam.insertion.spam_vocabulary",
    SeamInsertionCapitalised = "seam.insertion.capitalised",
    SeamUrlBridged = "seam.bare_url_bridged",
    SeamLinkBridged = "seam.link_bridged",
    WordUnknown = "word.background_unknown",
    WordForeignScript = "word.foreign_script",
    // How the word sits in this document.
    DocOnce = "doc.word_once",
    DocFew = "doc.word_2_3",
    DocMany = "doc.word_4plus",
    DocRepeatsInserted = "doc.repeats_only_where_inserted",
    DocLexDensity = "doc.strong_lex_density",
    DocProductTopic = "doc.product_word_is_topic",
    WinUnseenShare = "window.unseen_share",
    WinStrongLex = "window.strong_lex",
    WinLink = "window.has_link",
    WinSpammyLink = "window.has_spam_link",
    // The link the token belongs to.
    InLink = "link.any",
    LinkAnchorToken = "link.anchor_token",
    LinkBareUrl = "link.kind.bare_url",
    LinkMarkdown = "link.kind.markdown",
    LinkMarkdownRef = "link.kind.markdown_ref",
    LinkMarkdownRefDef = "link.kind.markdown_ref_def",
    LinkHtml = "link.kind.html",
    LinkBbCode = "link.kind.bbcode",
    LinkHidden = "link.hidden",
    LinkAlone = "link.alone_in_block",
    LinkInProse = "link.in_prose",
    LinkParenBefore = "link.after_paren",
    LinkNoHost = "link.no_web_host",
    LinkSameSite = "link.same_site",
    LinkForeign = "link.foreign",
    LinkDomainOnce = "link.domain_once",
    LinkDomainShare = "link.domain_share",
    LinkAnchorOneWord = "link.anchor.one_word",
    LinkAnchorFewWords = "link.anchor.2_4_words",
    LinkAnchorManyWords = "link.anchor.5plus_words",
    LinkAnchorIsUrl = "link.anchor.is_url",
    LinkAnchorStrongLex = "link.anchor.strong_lex",
    LinkAnchorCommerceLex = "link.anchor.commerce_lex",
    LinkAnchorUnseen = "link.anchor.unseen_share",
    LinkAnchorInHref = "link.anchor.words_in_href",
    LinkAnchorForeignScript = "link.anchor.foreign_script",
    LinkNoSpamVocabulary = "link.no_spam_vocabulary",
    LinkNoSpamVocabularyInProse = "link.no_spam_vocabulary.in_prose",
    LinkHostStrongLex = "link.host.strong_lex",
    LinkHostCommerceLex = "link.host.commerce_lex",
    LinkHostUnseen = "link.host.unseen_in_doc",
    LinkHostDigits = "link.host.digits",
    LinkPathStrongLex = "link.path.strong_lex",
    LinkPathCommerceLex = "link.path.commerce_lex",
    LinkPathNameProduct = "link.path.name_product_slug",
    LinkPathCapWords = "link.path.capitalised_slug",
    LinkPathDeep = "link.path.deep",
    LinkPathEmpty = "link.path.empty",
    LinkQuery = "link.query",
    LinkTldCom = "link.tld.com_net_org",
    LinkTldCheap = "link.tld.cheap",
    LinkTldCountry = "link.tld.country",
    LinkSuffixCompound = "link.tld.compound",
    LinkIp = "link.ip_host",
    LinkIdn = "link.idn_host",
    LinkRun2 = "link.run.2_3",
    LinkRun4 = "link.run.4plus",
    LinkRunDistinct = "link.run.distinct_domains",
    LinkRunForeign = "link.run.all_foreign",
    LinkRunOtherSpam = "link.run.other_spam_links",
    LinkNearEnd = "link.near_doc_end",
    LinkDocManyDomains = "link.doc.many_domains",
    LinkDocOtherSpam = "link.doc.other_spam_links",
    LinkDocOtherSpamMany = "link.doc.other_spam_links.3plus",
    WordDocSpamLinks = "doc.has_spam_links",
    // The hidden block the token lies in.
    HiddenDisplay = "hidden.display_none",
    HiddenVisibility = "hidden.visibility",
    HiddenOffScreen = "hidden.off_screen",
    HiddenTiny = "hidden.tiny",
    HiddenColour = "hidden.same_colour",
    HiddenAttribute = "hidden.attribute",
    HiddenAfterEnd = "hidden.after_html_end",
    HiddenStyleRule = "hidden.style_rule",
    HiddenLinks = "hidden.links",
    HiddenForeignLinks = "hidden.foreign_links",
    HiddenStrongLex = "hidden.strong_lex",
}

impl Feat {
    pub fn index(self) -> u32 {
        self as u32
    }
}

/// The lexicon-category features in the order of [`crate::lexicon::CATEGORIES`].
pub const WORD_LEX: [Feat; 11] = [
    Feat::WordLexApparel,
    Feat::WordLexCommerce,
    Feat::WordLexReplica,
    Feat::WordLexPharma,
    Feat::WordLexGambling,
    Feat::WordLexLoans,
    Feat::WordLexEssay,
    Feat::WordLexSeo,
    Feat::WordLexAdult,
    Feat::WordLexMisc,
    Feat::WordLexOther,
];
