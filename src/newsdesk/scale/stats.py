"""What a Spark run did: the figures each step adds to, and the closing line."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RunStats:
    """What a Spark run did."""

    articles: int = 0
    problems: int = 0
    duplicates: int = 0
    stories: int = 0
    candidate_pairs: int = 0
    edges: int = 0
    seconds: float = 0.0
    first_problems: list[str] = field(default_factory=list)

    def summary(self, output: str) -> str:
        """One line on what the run did and where its tables are."""
        return (
            f"{self.articles} articles ({self.problems} inputs skipped), {self.duplicates} near-duplicates, "
            f"{self.stories} stories from {self.candidate_pairs} candidate pairs in {self.seconds:.1f} s; "
            f"Parquet in {output} (load it: newsdesk spark load {output} --db news.db)"
        )
