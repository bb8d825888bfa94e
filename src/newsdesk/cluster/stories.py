"""Grouping articles into stories: the same event, reported by several outlets.

Two articles report the same event when they share its specific words (TF-IDF over the
stemmed content words of the title and lead, with the IDF squared, so "Dunford", "Onodera"
and "Pyongyang" weigh far more than "said") and, when both are embedded, its meaning
(MiniLM embeddings of their lead passages); articles dated further apart
than a window are never one story (two meetings of the same ministers a year apart are two
stories). The similarity of an article to a story is its *average* similarity to the
story's members, the same measure in both modes:

- ``rebuild``: batch average-linkage clustering of all articles, cut at ``threshold``; an
  article left alone then joins the story it is most like when that reaches three quarters
  of the threshold (``group``);
- ``cluster.incremental.StoryIndex.assign``: incremental, as articles arrive: each joins the
  most similar story when that average similarity reaches ``threshold``, else starts a new
  story.

Parameters were chosen on pooled Multi-News *train* examples (``newsdesk eval clustering
--data train.jsonl``), the two cuts on train and the ECB+ dev topics of look-alike events
together (the cut, on a 0.01 grid, with the highest mean of the two pools' B-cubed F1: 0.11
words only, 0.21 embedded); the README reports Multi-News dev.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse

from newsdesk.cluster.facts import split_events
from newsdesk.embed import Embedder
from newsdesk.model import Article
from newsdesk.settings import ClusterOptions
from newsdesk.text.tokens import content_terms


@dataclass
class Doc:
    """What clustering needs of an article."""

    id: str
    terms: Counter[str]
    published: date | None = None
    embedding: np.ndarray | None = None  # unit vector, or None when not embedded
    facts: Mapping[str, str] = field(default_factory=dict)  # ``cluster.facts.event_facts``


LEAD_WORDS = 200
PASSAGE_WORDS = 60  # the lead passage embedded for an article's meaning; on 1,200 pooled train examples
# B3 F1 0.905 with 120 words, 0.904 with 60, 0.900 with 30 (words alone 0.897): 60 halves the cost


def _body(article: Article) -> str:
    """The article's text without its flagged (off-topic) paragraphs."""
    body = " ".join(article.text[p.start : p.end] for p in article.paragraphs if not p.offtopic)
    return body or article.text


FIGURE_WORDS = 120  # the lead whose figures are terms of their own (``figure_terms``)
_FIGURE = re.compile(r"\d+(?:[.:,]\d+)*")


def figure_terms(text: str) -> list[str]:
    """Every figure of ``text`` as a term of its own, written whole ("#4.6", "#2:09",
    "#1000000"): the figures identify an event (the quake's magnitude, the hour, the sum, the
    year), and as content words they count once, split at the decimal point or colon."""
    return [f"#{m.replace(',', '')}" for m in _FIGURE.findall(text)]


def article_terms(article: Article, lead_words: int = LEAD_WORDS) -> Counter[str]:
    """Stemmed content words of the article's title and the first ``lead_words`` words of its
    body (flagged paragraphs left out): what the event is lives in the lead; later paragraphs
    add background that related but different stories share. The figures of the title and
    the first ``FIGURE_WORDS`` words are terms too (``figure_terms``)."""
    words = _body(article).split()
    terms = Counter(content_terms(f"{article.title or ''}\n{' '.join(words[:lead_words])}"))
    terms.update(figure_terms(f"{article.title or ''}\n{' '.join(words[:FIGURE_WORDS])}"))
    return terms


def lead_passage(article: Article, words: int = PASSAGE_WORDS) -> str:
    """The title and the first ``words`` words of the body, as one passage to embed."""
    lead = " ".join(_body(article).split()[:words])
    return f"{article.title}. {lead}" if article.title else lead


def lead_vectors(articles: Sequence[Article], embedder: Embedder) -> list[np.ndarray | None]:
    """Each article's unit vector for grouping: the embedding of its lead passage, title
    included (``None`` for an article with no text).

    (The lead passage groups better than the mean of all sentence vectors, which reads the
    background too: on pooled Multi-News train B3 F1 0.907 against 0.897, and on NewsWCL50's
    ten US political events it kept them apart where the mean merged them; see README.)
    """
    passages = [lead_passage(a) for a in articles]
    kept = [p for p in passages if p.strip()]
    vectors = iter(embedder.encode(kept) if kept else [])
    return [next(vectors) if p.strip() else None for p in passages]


def embed_articles(
    articles: Sequence[Article], embedder: Embedder
) -> tuple[list[np.ndarray | None], list[np.ndarray | None]]:
    """Sentence vectors of each (already split) article (``None`` without sentences) and the
    article's ``lead_vectors``."""
    texts = [s.text for a in articles for s in a.sentences]
    vectors = embedder.encode(texts) if texts else np.zeros((0, 1), dtype=np.float32)
    per_article: list[np.ndarray | None] = []
    at = 0
    for art in articles:
        chunk = vectors[at : at + len(art.sentences)]
        at += len(art.sentences)
        per_article.append(chunk if len(chunk) else None)
    return per_article, lead_vectors(articles, embedder)


class Vocabulary:
    """Term columns and document frequencies, growing as documents are added. With a
    ``lookup`` (``attach``), the frequencies counted elsewhere (a store's) are read term by
    term when a term is first needed, not all at once: an ingest then reads the terms of the
    stories and articles it compares, however large the store."""

    def __init__(self, idf_power: float) -> None:
        self.idf_power = idf_power
        self.columns: dict[str, int] = {}
        self.df: Counter[str] = Counter()
        self.n_docs = 0
        self.lookup: Callable[[list[str]], Mapping[str, int]] | None = None
        self.looked: set[str] = set()

    def attach(self, lookup: Callable[[list[str]], Mapping[str, int]], n_docs: int) -> None:
        """Count a collection's documents (``n_docs``) whose term frequencies ``lookup`` gives
        for the terms asked, when first needed."""
        self.lookup = lookup
        self.n_docs += n_docs

    def prefetch(self, terms: Sequence[Mapping[str, int]]) -> None:
        """Read the looked-up frequencies of these terms now (before the documents they come
        from are counted where the lookup reads)."""
        self._look_up([Doc("", Counter(t)) for t in terms])

    def _look_up(self, docs: Sequence[Doc]) -> None:
        if self.lookup is None:
            return
        missing = list({t for doc in docs for t in doc.terms if t not in self.looked})
        if not missing:
            return
        self.looked.update(missing)
        for term, count in self.lookup(missing).items():
            if term not in self.columns:
                self.columns[term] = len(self.columns)
            self.df[term] += count

    def add(self, docs: Sequence[Doc]) -> None:
        """Count the documents' terms (each term once per document)."""
        self._look_up(docs)
        for doc in docs:
            for term in doc.terms:
                if term not in self.columns:
                    self.columns[term] = len(self.columns)
            self.df.update(doc.terms.keys())
        self.n_docs += len(docs)

    def matrix(self, docs: Sequence[Doc], width: int | None = None) -> sparse.csr_matrix:
        """Unit-length sublinear TF-IDF rows of ``docs`` (terms not in the vocabulary ignored)."""
        self._look_up(docs)
        rows, cols, vals = [], [], []
        for r, doc in enumerate(docs):
            known = Counter({t: c for t, c in doc.terms.items() if t in self.columns})
            for term, w in tfidf_weights(known, self.df, self.n_docs, self.idf_power).items():
                rows.append(r)
                cols.append(self.columns[term])
                vals.append(w)
        shape = (len(docs), width or max(len(self.columns), 1))
        return sparse.csr_matrix((vals, (rows, cols)), shape=shape, dtype=np.float32)


def tfidf_weights(terms: Counter[str], df: Mapping[str, int], n_docs: int, idf_power: float) -> dict[str, float]:
    """The unit-length sublinear TF-IDF weights of one document's terms, given the document
    frequencies ``df`` of a collection of ``n_docs`` documents, with the IDF raised to
    ``idf_power`` (the one formula every grouping path uses, local or on Spark)."""
    n = max(n_docs, 1)
    weights = {
        t: (1 + math.log(c)) * (math.log((1 + n) / (1 + df.get(t, 0))) + 1) ** idf_power for t, c in terms.items()
    }
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


def date_mask(docs_a: Sequence[Doc], docs_b: Sequence[Doc], window: int) -> np.ndarray:
    """True where both are dated and further apart than ``window`` days."""
    a = np.array([d.published.toordinal() if d.published else np.nan for d in docs_a], dtype=float)
    b = np.array([d.published.toordinal() if d.published else np.nan for d in docs_b], dtype=float)
    with np.errstate(invalid="ignore"):
        return np.abs(a[:, None] - b[None, :]) > window


def embedded(docs: Sequence[Doc], options: ClusterOptions) -> bool:
    """Whether batch grouping uses embeddings: when they weigh and every document has one (a
    store holding articles ingested without ``--embed`` is grouped by words alone, so no
    article counts as unlike every other in meaning for want of a vector)."""
    return options.semantic_weight > 0 and all(d.embedding is not None for d in docs)


def similarity(docs: Sequence[Doc], options: ClusterOptions | None = None) -> np.ndarray:
    """Dense pairwise similarity of ``docs`` (batch TF-IDF, mixed with embeddings when embedded)."""
    opts = options or ClusterOptions()
    vocab = Vocabulary(opts.idf_power)
    vocab.add(docs)
    lex = vocab.matrix(docs)
    sims = (lex @ lex.T).toarray()
    if embedded(docs, opts):
        emb = np.stack([d.embedding for d in docs if d.embedding is not None])
        sims = (1 - opts.semantic_weight) * sims + opts.semantic_weight * (emb @ emb.T)
    sims[date_mask(docs, docs, opts.window_days)] = 0.0
    return sims


def rebuild(docs: Sequence[Doc], options: ClusterOptions | None = None) -> list[int]:
    """Batch grouping (``group_docs``) over the dense n x n similarity; returns a story label
    (0, 1, ...) per document, numbered in order of first appearance. The reference that
    ``cluster.graph.sparse_rebuild`` (what ``stories --rebuild`` runs) must equal."""
    opts = options or ClusterOptions()
    if len(docs) < 2:
        return [0] * len(docs)
    return group_docs(docs, similarity(docs, opts), opts)


def group_docs(
    docs: Sequence[Doc], sims: np.ndarray, options: ClusterOptions, is_embedded: bool | None = None
) -> list[int]:
    """``group`` at the cuts for ``docs`` (embedded or not: ``is_embedded`` when a larger
    collection they belong to decided it), then every group that holds two look-alike events
    split in two (``cluster.facts.split_events``): the one rule of a rebuild, of each ingest
    batch's regrouping and of the Spark job's components."""
    is_embedded = embedded(docs, options) if is_embedded is None else is_embedded
    labels = group(sims, *options.cuts(is_embedded))
    return split_events(sims, labels, [d.facts for d in docs], [d.published for d in docs], options, is_embedded)


def group(sims: np.ndarray, threshold: float, join: float) -> list[int]:
    """Average-linkage clusters cut at ``threshold``, then each article left alone joins the
    group it is most like on average when that reaches ``join`` (``attach_lone``).

    Every pair of articles that ends in one group is linked through pairs at or above
    ``min(threshold, join)``, so grouping each connected component of that graph on its own
    gives the same groups as grouping everything at once (what the Spark job relies on).
    """
    return attach_lone(sims, average_linkage(sims, threshold), join)


def attach_lone(sims: np.ndarray, labels: Sequence[int], join: float) -> list[int]:
    """Move every article that is alone in its group into the group it has the highest average
    similarity to, when that reaches ``join`` (all at once: two lone articles that pick each
    other, or pick the same third, end together); labels renumbered by first appearance."""
    lab = np.asarray(labels, dtype=np.int64)
    n = len(lab)
    if n < 2:
        return [0] * n
    k = int(lab.max()) + 1
    sizes = np.bincount(lab, minlength=k)
    lone = np.flatnonzero(sizes[lab] == 1)
    parent = list(range(k))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    members = sparse.csr_matrix((np.ones(n), (np.arange(n), lab)), shape=(n, k))
    for at in range(0, len(lone), 1024):  # a chunk of lone articles at a time bounds the memory
        chunk = lone[at : at + 1024]
        avg = np.asarray(members.T @ sims[chunk].T).T / sizes  # (lone, groups): mean similarity
        avg[np.arange(len(chunk)), lab[chunk]] = -np.inf
        best = avg.argmax(axis=1)
        for row, (i, g) in enumerate(zip(chunk.tolist(), best.tolist(), strict=True)):
            if avg[row, g] >= join:
                parent[root(int(lab[i]))] = root(g)
    first: dict[int, int] = {}
    return [first.setdefault(root(int(c)), len(first)) for c in lab]


def average_linkage(sims: np.ndarray, threshold: float) -> list[int]:
    """Average-linkage clusters of a similarity matrix cut at ``threshold``: a label (0, 1, ...)
    per row, numbered in order of first appearance.

    Two clusters join only when their average similarity reaches ``threshold``, so some pair
    across them does: clustering each connected component of the graph of pairs at or above
    ``threshold`` on its own gives the same clusters as clustering everything at once (what
    the Spark job relies on).
    """
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if len(sims) < 2:
        return [0] * len(sims)
    dist = np.clip(1.0 - sims, 0.0, 1.0)
    dist = (dist + dist.T) / 2
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    raw = fcluster(tree, t=1.0 - threshold, criterion="distance")
    first: dict[int, int] = {}
    return [first.setdefault(int(c), len(first)) for c in raw]
