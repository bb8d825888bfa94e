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
- ``StoryIndex.assign``: incremental, as articles arrive: each joins the most similar story
  when that average similarity reaches ``threshold``, else starts a new story.

Parameters were chosen on pooled Multi-News *train* examples (``newsdesk eval clustering
--data train.jsonl``); the README reports dev.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy import sparse

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


LEAD_WORDS = 200
PASSAGE_WORDS = 60  # the lead passage embedded for an article's meaning; on 1,200 pooled train examples
# B3 F1 0.905 with 120 words, 0.904 with 60, 0.900 with 30 (words alone 0.897): 60 halves the cost


def _body(article: Article) -> str:
    """The article's text without its flagged (off-topic) paragraphs."""
    body = " ".join(article.text[p.start : p.end] for p in article.paragraphs if not p.offtopic)
    return body or article.text


def article_terms(article: Article, lead_words: int = LEAD_WORDS) -> Counter[str]:
    """Stemmed content words of the article's title and the first ``lead_words`` words of its
    body (flagged paragraphs left out): what the event is lives in the lead; later paragraphs
    add background that related but different stories share."""
    lead = " ".join(_body(article).split()[:lead_words])
    return Counter(content_terms(f"{article.title or ''}\n{lead}"))


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
    """Term columns and document frequencies, growing as documents are added."""

    def __init__(self, idf_power: float) -> None:
        self.idf_power = idf_power
        self.columns: dict[str, int] = {}
        self.df: Counter[str] = Counter()
        self.n_docs = 0

    def add(self, docs: Sequence[Doc]) -> None:
        """Count the documents' terms (each term once per document)."""
        for doc in docs:
            for term in doc.terms:
                if term not in self.columns:
                    self.columns[term] = len(self.columns)
            self.df.update(doc.terms.keys())
        self.n_docs += len(docs)

    def matrix(self, docs: Sequence[Doc], width: int | None = None) -> sparse.csr_matrix:
        """Unit-length sublinear TF-IDF rows of ``docs`` (terms not in the vocabulary ignored)."""
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


def _embedded(docs: Sequence[Doc], options: ClusterOptions) -> bool:
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
    if _embedded(docs, opts):
        emb = np.stack([d.embedding for d in docs if d.embedding is not None])
        sims = (1 - opts.semantic_weight) * sims + opts.semantic_weight * (emb @ emb.T)
    sims[date_mask(docs, docs, opts.window_days)] = 0.0
    return sims


def rebuild(docs: Sequence[Doc], options: ClusterOptions | None = None) -> list[int]:
    """Batch grouping (``group``); returns a story label (0, 1, ...) per document, numbered in
    order of first appearance."""
    opts = options or ClusterOptions()
    if len(docs) < 2:
        return [0] * len(docs)
    return group(similarity(docs, opts), *opts.cuts(_embedded(docs, opts)))


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


@dataclass
class _Story:
    lexical: dict[int, float]  # sum of the members' TF-IDF rows, by term column
    semantic: np.ndarray | None
    size: int
    first: date | None
    last: date | None
    members: list[str] = field(default_factory=list)


class StoryIndex:
    """Stories as they grow: assign arriving articles to one (incremental clustering).

    TF-IDF rows use the document frequencies seen so far; a story keeps the sum of its
    members' rows, so an article's average similarity to the members is one sparse dot
    product, and an inverted index (term -> stories) limits scoring to stories sharing a term.
    """

    def __init__(self, options: ClusterOptions | None = None) -> None:
        self.options = options or ClusterOptions()
        self.vocab = Vocabulary(self.options.idf_power)
        self.stories: dict[int, _Story] = {}
        self.postings: dict[int, set[int]] = {}
        self.docs: dict[str, Doc] = {}  # every member, so the sums can be re-weighted (``refresh``)
        self._next = 1

    def _fits(self, story: _Story, day: date | None) -> bool:
        if day is None or story.first is None or story.last is None:
            return True
        window = self.options.window_days
        return story.first.toordinal() - window <= day.toordinal() <= story.last.toordinal() + window

    def reserve(self, story_id: int) -> None:
        """Never hand out ``story_id`` or a smaller id to a new story."""
        self._next = max(self._next, story_id + 1)

    def add_story(self, story_id: int, docs: Sequence[Doc]) -> None:
        """Load an existing story (its members) into the index."""
        self.vocab.add(docs)
        self._next = max(self._next, story_id + 1)
        for doc in docs:
            self._join(story_id, doc)

    def _row(self, doc: Doc) -> dict[int, float]:
        row = self.vocab.matrix([doc])
        return dict(zip(row.indices.tolist(), row.data.tolist(), strict=True))

    def _join(self, story_id: int, doc: Doc) -> None:
        story = self.stories.get(story_id)
        if story is None:
            story = _Story({}, None, 0, doc.published, doc.published)
            self.stories[story_id] = story
        for col, w in self._row(doc).items():
            story.lexical[col] = story.lexical.get(col, 0.0) + w
            self.postings.setdefault(col, set()).add(story_id)
        if doc.embedding is not None:
            story.semantic = doc.embedding.copy() if story.semantic is None else story.semantic + doc.embedding
        story.size += 1
        story.members.append(doc.id)
        self.docs[doc.id] = doc
        if doc.published:
            story.first = min(filter(None, (story.first, doc.published)))
            story.last = max(filter(None, (story.last, doc.published)))

    def score(self, doc: Doc) -> tuple[int | None, float]:
        """The story ``doc`` is most like and its average similarity to that story's members."""
        acc: dict[int, float] = {}
        for col, w in self._row(doc).items():
            for sid in self.postings.get(col, ()):
                acc[sid] = acc.get(sid, 0.0) + w * self.stories[sid].lexical[col]
        best: tuple[int | None, float] = (None, -1.0)
        sem_w = self.options.semantic_weight
        for sid, dot in acc.items():
            story = self.stories[sid]
            if not self._fits(story, doc.published):
                continue
            sim = dot / story.size
            if sem_w > 0 and doc.embedding is not None and story.semantic is not None:
                sim = (1 - sem_w) * sim + sem_w * float(doc.embedding @ story.semantic) / story.size
            if sim > best[1]:
                best = (sid, sim)
        return best

    def _pair(self, a: int, b: int, dot: float) -> float:
        """Average similarity between the members of stories ``a`` and ``b`` given the dot
        product of their lexical sums (0 across the date window)."""
        sa, sb = self.stories[a], self.stories[b]
        if sa.first and sb.first and sa.last and sb.last:
            window = self.options.window_days
            if (
                sa.first.toordinal() - window > sb.last.toordinal()
                or sb.first.toordinal() - window > sa.last.toordinal()
            ):
                return 0.0
        sim = dot / (sa.size * sb.size)
        sem_w = self.options.semantic_weight
        if sem_w > 0 and sa.semantic is not None and sb.semantic is not None:
            sim = (1 - sem_w) * sim + sem_w * float(sa.semantic @ sb.semantic) / (sa.size * sb.size)
        return sim

    def _cut(self, a: int, b: int) -> float:
        sa, sb = self.stories[a], self.stories[b]
        embedded = self.options.semantic_weight > 0 and sa.semantic is not None and sb.semantic is not None
        return self.options.cuts(embedded)[0]

    def refresh(self, story_ids: Iterable[int] | None = None) -> None:
        """Re-weight stories' sums (every story when ``story_ids`` is None) with the document
        frequencies seen so far: a row is weighted when its article joins, with the IDF of that
        moment, so early rows overweight words that later turn out common."""
        ids = list(self.stories) if story_ids is None else [sid for sid in story_ids if sid in self.stories]
        members = [(k, self.docs[m]) for k, sid in enumerate(ids) for m in self.stories[sid].members]
        if not members:
            return
        rows = self.vocab.matrix([d for _, d in members])
        owner = sparse.csr_matrix(
            (np.ones(len(members)), ([k for k, _ in members], np.arange(len(members)))), shape=(len(ids), len(members))
        )
        sums = (owner @ rows).tocsr()
        for k, sid in enumerate(ids):
            for col in self.stories[sid].lexical:
                self.postings.get(col, set()).discard(sid)
            start, end = sums.indptr[k], sums.indptr[k + 1]
            cols, vals = sums.indices[start:end].tolist(), sums.data[start:end].tolist()
            self.stories[sid].lexical = dict(zip(cols, vals, strict=True))
            for col in cols:
                self.postings.setdefault(col, set()).add(sid)

    def _close(self, story_id: int, share: float) -> set[int]:
        """Stories whose average similarity to ``story_id`` reaches ``share`` of the cut (dot
        products through the postings, as ``score`` does for an article)."""
        a = self.stories[story_id]
        acc: dict[int, float] = {}
        for col, w in a.lexical.items():
            for sid in self.postings.get(col, ()):
                if sid != story_id:
                    acc[sid] = acc.get(sid, 0.0) + w * self.stories[sid].lexical[col]
        return {sid for sid, dot in acc.items() if self._pair(story_id, sid, dot) >= share * self._cut(story_id, sid)}

    def consolidate(self, touched: Iterable[int]) -> dict[str, int]:
        """After a batch, regroup the region it touched as a batch rebuild would: the stories
        the batch touched and every story near one of them (an average similarity of at least
        ``lone_join`` of the cut) are grouped again together (``group``: average linkage, then
        lone articles join), with the document frequencies seen so far. Each new group keeps
        the id of the old story it shares most articles with (the larger, then the older,
        first); a story whose articles all went elsewhere is merged into where most went.
        Returns ``{article id: story id}`` for every article that changed story."""
        live = {sid for sid in touched if sid in self.stories}
        self.refresh(live)
        region = set(live)
        for a in live:
            region |= self._close(a, self.options.lone_join * 0.5)  # a loose bar: other sums are older
        self.refresh(region)
        old_of = {m: sid for sid in region for m in self.stories[sid].members}
        docs = [self.docs[m] for m in old_of]
        if len(docs) < 2:
            return {}
        labels = group(self._similarity(docs), *self.options.cuts(_embedded(docs, self.options)))
        groups: dict[int, list[str]] = {}
        for doc, label in zip(docs, labels, strict=True):
            groups.setdefault(label, []).append(doc.id)
        taken: set[int] = set()
        new_of: dict[str, int] = {}
        for members in sorted(groups.values(), key=lambda ms: (-len(ms), min(old_of[m] for m in ms))):
            votes = Counter(old_of[m] for m in members)
            choice = next(
                (sid for sid, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])) if sid not in taken), None
            )
            if choice is None:
                choice = self._next
                self._next += 1
            taken.add(choice)
            for m in members:
                new_of[m] = choice
        moved = {m: sid for m, sid in new_of.items() if sid != old_of[m]}
        if moved:
            self._regroup(region, new_of)
        return moved

    def _similarity(self, docs: Sequence[Doc]) -> np.ndarray:
        rows = self.vocab.matrix(docs)
        sims = (rows @ rows.T).toarray()
        if _embedded(docs, self.options):
            emb = np.stack([d.embedding for d in docs if d.embedding is not None])
            sims = (1 - self.options.semantic_weight) * sims + self.options.semantic_weight * (emb @ emb.T)
        sims[date_mask(docs, docs, self.options.window_days)] = 0.0
        return sims

    def _regroup(self, region: set[int], new_of: dict[str, int]) -> None:
        """Rebuild the region's stories from ``new_of`` (article id -> story id)."""
        for sid in region:
            for col in self.stories[sid].lexical:
                self.postings.get(col, set()).discard(sid)
            del self.stories[sid]
        for m, sid in new_of.items():
            self._join(sid, self.docs[m])
        self.refresh(set(new_of.values()))

    def assign(self, doc: Doc) -> int:
        """Put ``doc`` in the most similar story when similar enough, else in a new one; return its id."""
        self.vocab.add([doc])
        sid, sim = self.score(doc)
        embedded = (
            self.options.semantic_weight > 0
            and doc.embedding is not None
            and sid is not None
            and self.stories[sid].semantic is not None
        )
        threshold = self.options.cuts(embedded)[0]
        if sid is None or sim < threshold:
            sid = self._next
            self._next += 1
        self._join(sid, doc)
        return sid
