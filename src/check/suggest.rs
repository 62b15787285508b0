//! "Did you mean" suggestions for misspelt ids, field names and enum values.

/// The candidate closest to `given`, if any is close enough to be a likely
/// typo rather than a different word.
pub(super) fn closest<'c>(
    given: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    // Similarity is quadratic in length; nobody mistypes a 200-character id.
    const LONGEST: usize = 200;
    if given.len() > LONGEST {
        return None;
    }
    let given_lower = given.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| c.len() <= LONGEST)
        .map(|c| {
            let score = strsim::jaro_winkler(&given_lower, &c.to_lowercase());
            let contained = !given.is_empty() && (c.contains(given) || given.contains(c));
            (if contained { score.max(0.9) } else { score }, c)
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}
