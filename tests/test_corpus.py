"""A corpus build (builder.corpus): shards, the combined files, workers, and rebuilding only what changed.

The combined files must be the bytes the in-memory build (builder.pipeline.build and
builder.outputs.write) writes for the same reports, whatever the order the shards are made in.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from builder.corpus import ShardJob, build_corpus, build_shard, builder_digest, expand_reports, report_key
from builder.errors import ReportError
from builder.outputs.combine import Part, combine, jsonld_ranges
from builder.outputs.shards import Shard
from builder.outputs.write import open_build_folder, serialize_outputs
from builder.pipeline import BuildSettings, build
from tests.conftest import FIXTURES, REPORT, cli

COMBINED = ["build-report.json", "context.jsonld", "dataset.nq", "dataset.trig", "graph.jsonld", "graph.nt",
            "graph.ttl", "void.ttl"]
SMALL = [FIXTURES / "other-report.ar.txt", FIXTURES / "family" / "chair-summary.ar.txt",
         FIXTURES / "family" / "running-numbering.ar.txt"]


def in_memory(paths: list[Path]) -> dict[str, bytes]:
    return serialize_outputs(build(paths, BuildSettings()))


def streamed(paths: list[Path], out: Path, workers: int = 1, **kwargs: object) -> dict[str, bytes]:
    with open_build_folder(out) as folder:
        result = build_corpus(paths, BuildSettings(), folder, workers, **kwargs)  # type: ignore[arg-type]
    assert [p.name for p in result.written] == sorted([*COMBINED, "akn", "manifest.json", "shards"])
    return {name: (out / name).read_bytes() for name in COMBINED} | akn_files(out)


def akn_files(out: Path) -> dict[str, bytes]:
    """The Akoma Ntoso files of a build folder, by their name in it."""
    return {f"akn/{p.name}": p.read_bytes() for p in sorted((out / "akn").iterdir())}


def assert_same_files(expected: dict[str, bytes], got: dict[str, bytes]) -> None:
    assert sorted(got) == sorted(n for n in expected if n in COMBINED or n.startswith("akn/"))
    assert any(name.startswith("akn/") for name in got)
    for name in got:
        assert got[name] == expected[name], name


def test_small_corpus_is_byte_identical_to_the_in_memory_build(tmp_path: Path) -> None:
    assert_same_files(in_memory(SMALL), streamed(SMALL, tmp_path / "out"))


@pytest.mark.slow
def test_corpus_with_the_bundled_report_is_byte_identical(tmp_path: Path) -> None:
    paths = [REPORT, FIXTURES / "other-report.ar.txt", FIXTURES / "family" / "chair-summary.ar.txt",
             FIXTURES / "family" / "lettered-sections.ar.txt"]
    assert_same_files(in_memory(paths), streamed(paths, tmp_path / "out"))


def test_shards_made_in_any_order_combine_to_the_same_bytes(tmp_path: Path) -> None:
    code = builder_digest()
    outputs = []
    for order in (range(len(SMALL)), reversed(range(len(SMALL)))):
        folder = tmp_path / f"order-{len(outputs)}"
        (folder / "shards").mkdir(parents=True)
        jobs = [ShardJob(index=i, path=str(p), key=report_key(p, BuildSettings(), False, code),
                         shards=str(folder / "shards"), base=BuildSettings().base, symbol=None, validate=False)
                for i, p in enumerate(SMALL)]
        slugs = {done.index: done.slug for done in (build_shard(jobs[i]) for i in order)}
        parts = [Part(path=str(p), shard=Shard(folder / "shards", slugs[i]),
                      meta=Shard(folder / "shards", slugs[i]).read_meta()) for i, p in enumerate(SMALL)]
        # the JSON-LD nodes written in one stretch, then in three (as workers write them)
        assert combine(folder, parts, stretches=1 + 9 * len(outputs)) == sorted([*COMBINED, "akn"])
        outputs.append({name: (folder / name).read_bytes() for name in COMBINED} | akn_files(folder))
    assert outputs[0] == outputs[1]
    works = sorted((1, p.iris.work.value) for p in parts)
    assert jsonld_ranges(parts, 10) == [(None, works[1]), (works[1], works[2]), (works[2], None)]
    assert sorted(slugs.values()) == ["A-CONF.192-2027-MGE-4", "A-CONF.192-2029-PC-5", "A-CONF.192-2030-RC-3"]


@pytest.mark.slow
def test_two_worker_processes_give_the_same_bytes(tmp_path: Path) -> None:
    serial = streamed(SMALL, tmp_path / "serial", workers=1)
    assert streamed(SMALL, tmp_path / "parallel", workers=2) == serial


def copies(folder: Path, names: list[str]) -> list[Path]:
    """Copies of two small reports (and their metadata files) that the test may change."""
    folder.mkdir()
    out = []
    for name, source in zip(names, SMALL, strict=False):
        target = folder / name
        shutil.copy(source, target)
        meta = source.with_name(source.name.removesuffix(".txt") + ".meta.json")
        if meta.exists():
            shutil.copy(meta, target.with_name(name.removesuffix(".txt") + ".meta.json"))
        out.append(target)
    return out


def test_a_rebuild_builds_only_the_reports_that_changed(tmp_path: Path) -> None:
    paths = copies(tmp_path / "reports", ["a.ar.txt", "b.ar.txt"])
    out = tmp_path / "out"
    with open_build_folder(out) as folder:
        first = build_corpus(paths, BuildSettings(), folder, 1)
    assert (first.built, first.reused) == (2, 0)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [(r["path"], r["slug"]) for r in manifest["reports"]] == [
        (str(paths[0]), "A-CONF.192-2030-RC-3"), (str(paths[1]), "A-CONF.192-2029-PC-5")]
    before = {name: (out / name).read_bytes() for name in COMBINED}
    shard = out / "shards" / "A-CONF.192-2030-RC-3.nq"
    inode = shard.stat().st_ino

    with open_build_folder(out) as folder:
        again = build_corpus(paths, BuildSettings(), folder, 1)
    assert (again.built, again.reused) == (0, 2)
    assert shard.stat().st_ino == inode  # the same file, linked into the new generation
    assert {name: (out / name).read_bytes() for name in COMBINED} == before

    text = paths[1].read_text(encoding="utf-8")
    paths[1].write_text(text.replace("عقدت اللجنة التحضيرية دورتها", "عقدت اللجنة التحضيرية دورتها الأولى"),
                        encoding="utf-8")
    with open_build_folder(out) as folder:
        changed = build_corpus(paths, BuildSettings(), folder, 1)
    assert (changed.built, changed.reused) == (1, 1)
    assert {name: (out / name).read_bytes() for name in COMBINED} == {
        name: data for name, data in in_memory(paths).items() if name in COMBINED}
    assert "دورتها الأولى" in (out / "graph.nt").read_text(encoding="utf-8")


def test_a_changed_metadata_file_rebuilds_its_report(tmp_path: Path) -> None:
    paths = copies(tmp_path / "reports", ["a.ar.txt", "b.ar.txt"])
    out = tmp_path / "out"
    with open_build_folder(out) as folder:
        build_corpus(paths, BuildSettings(), folder, 1)
    meta = paths[0].with_name("a.ar.meta.json")
    meta.write_text(json.dumps(json.loads(meta.read_text(encoding="utf-8")) | {"title": "another title"}),
                    encoding="utf-8")
    with open_build_folder(out) as folder:
        result = build_corpus(paths, BuildSettings(), folder, 1)
    assert (result.built, result.reused) == (1, 1)


def test_folders_and_globs_name_their_reports(tmp_path: Path) -> None:
    paths = copies(tmp_path / "reports", ["b.ar.txt", "a.ar.txt"])
    assert expand_reports([tmp_path / "reports"]) == sorted(paths)
    assert expand_reports([tmp_path / "reports" / "a*.txt", paths[0]]) == [paths[1], paths[0]]
    with pytest.raises(ReportError, match="no report file matches"):
        expand_reports([tmp_path / "reports" / "z*.txt"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(ReportError, match="a folder with no report file"):
        expand_reports([tmp_path / "empty"])


def test_cli_builds_a_folder_as_a_corpus(tmp_path: Path) -> None:
    copies(tmp_path / "reports", ["a.ar.txt", "b.ar.txt", "c.ar.txt"])
    out = tmp_path / "out"
    run = cli("build", str(tmp_path / "reports"), "--out", str(out), "--workers", "1")
    assert run.returncode == 0, run.stderr
    first = run.stdout.splitlines()[0]
    assert first.startswith(f"built 3 report(s) into {out}/: 3 built, 0 unchanged, 1 worker(s), ")
    assert run.stdout.splitlines()[-1] == ("wrote akn, build-report.json, context.jsonld, dataset.nq, dataset.trig,"
                                           " graph.jsonld, graph.nt, graph.ttl, manifest.json, shards, void.ttl")
    assert sorted(p.name for p in (out / "shards").glob("*.nq")) == [
        "A-CONF.192-2027-MGE-4.nq", "A-CONF.192-2029-PC-5.nq", "A-CONF.192-2030-RC-3.nq"]
    assert run.stderr == ""  # no progress bar when standard error is not a terminal
    again = cli("build", str(tmp_path / "reports"), "--out", str(out), "--workers", "1")
    assert ": 0 built, 3 unchanged, 1 worker(s), " in again.stdout.splitlines()[0]


def test_cli_validates_a_corpus_report_by_report(tmp_path: Path) -> None:
    copies(tmp_path / "reports", ["a.ar.txt", "b.ar.txt"])
    out = tmp_path / "out"
    run = cli("build", str(tmp_path / "reports"), "--out", str(out), "--workers", "1", "--validate")
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines()[-1] == "conforms: yes (0 violations)"
    assert (out / "validation.txt").read_text(encoding="utf-8") == "conforms: yes (0 violations)\n"
    assert sorted(p.name for p in (out / "shards").glob("*.validation.nt")) == [
        "A-CONF.192-2029-PC-5.validation.nt", "A-CONF.192-2030-RC-3.validation.nt"]


def test_a_bad_report_leaves_the_build_folder_as_it_was(tmp_path: Path) -> None:
    paths = copies(tmp_path / "reports", ["a.ar.txt", "b.ar.txt"])
    out = tmp_path / "out"
    assert cli("build", *map(str, paths), "--out", str(out), "--workers", "1").returncode == 0
    generation = os.readlink(out)
    paths[1].write_text("not a report\n", encoding="utf-8")
    run = cli("build", *map(str, paths), "--out", str(out), "--workers", "1")
    assert run.returncode == 2
    assert run.stderr == (f"poa-kg: error: {paths[1]}: no Arabic text found;"
                          " poa-kg reads the Arabic version of a report\n")
    assert os.readlink(out) == generation
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".out.gen-{generation.rsplit('-', 1)[1]}", ".out.lock",
                                                         "out", "reports"]


def test_many_shards_are_merged_in_rounds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builder.outputs.combine as combine_module

    monkeypatch.setattr(combine_module, "FAN_IN", 2)
    files = []
    for n, lines in enumerate((["a\n", "c\n"], ["b\n", "c\n"], ["a\n", "d\n"], ["e\n"], [])):
        files.append(tmp_path / f"{n}.txt")
        files[-1].write_text("".join(lines), encoding="utf-8")
    with combine_module.merged(files) as lines:
        assert list(lines) == ["a\n", "b\n", "c\n", "d\n", "e\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["0.txt", "1.txt", "2.txt", "3.txt", "4.txt"]


def test_strict_fails_a_corpus_as_it_fails_the_in_memory_build(tmp_path: Path) -> None:
    from builder.errors import StrictError

    paths = copies(tmp_path / "reports", ["a.ar.txt", "b.ar.txt"])
    with pytest.raises(StrictError) as in_memory_error:
        build(paths, BuildSettings(strict=True))
    run = cli("build", *map(str, paths), "--out", str(tmp_path / "out"), "--workers", "1", "--strict")
    assert run.returncode == 2
    assert run.stderr == f"poa-kg: error: {in_memory_error.value}\n"
    assert not os.path.lexists(tmp_path / "out")


def test_the_progress_bar_counts_the_reports(capsys: pytest.CaptureFixture[str]) -> None:
    from builder.corpus import ShardDone, progress_bar

    with progress_bar(2, enabled=True) as tick:
        tick(ShardDone(index=0, slug="A-1", seconds=1.0))
        tick(ShardDone(index=1, slug="A-2", seconds=0.0, reused=True))
    err = capsys.readouterr().err
    assert "2/2" in err and "unchanged A-2" in err
    with progress_bar(2, enabled=False) as tick:
        tick(ShardDone(index=0, slug="A-1", seconds=1.0))
    assert capsys.readouterr().err == ""
