"""Reading a build back (builder.outputs.read) for every command, writing outputs, the validation report files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from builder.errors import DataError, OutputError
from builder.outputs.read import (
    DEFAULT_GRAPH,
    build_file,
    build_folder,
    data_file,
    holds_named_graphs,
    iris_from_graph,
    load_data,
    load_dataset,
    load_graph,
    load_void,
    named_graphs,
    open_store,
    report_paths,
)
from builder.outputs.validated import validate_data, validation_files
from builder.outputs.write import write_files
from builder.pipeline import BuildResult

G1, G2 = "urn:x:graph/b", "urn:x:graph/a"
QUADS = (f'<urn:x:s> <urn:x:p> "one" <{G1}> .\n'
         f'<urn:x:s> <urn:x:p> "two"@en <{G2}> .\n'
         f'<urn:x:s> <urn:x:p> "one" <{G2}> .\n')


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """A build folder with a dataset and a triples-only dump beside it."""
    (tmp_path / "dataset.nq").write_text(QUADS, encoding="utf-8")
    (tmp_path / "graph.nt").write_text('<urn:x:s> <urn:x:p> "one" .\n', encoding="utf-8")
    return tmp_path


def test_a_folder_is_read_through_its_dataset_and_a_file_as_it_is(folder: Path) -> None:
    assert data_file(folder) == folder / "dataset.nq"
    assert data_file(folder / "graph.nt") == folder / "graph.nt"
    assert build_folder(folder) == folder
    assert build_folder(folder / "graph.nt") == folder
    assert holds_named_graphs(folder / "dataset.nq")
    assert not holds_named_graphs(folder / "graph.nt")


def test_what_is_not_there_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError) as err:
        data_file(tmp_path / "missing")
    assert str(err.value) == f"{tmp_path / 'missing'}: no such file or folder"
    with pytest.raises(DataError) as err:
        data_file(tmp_path)
    assert str(err.value) == f"{tmp_path}: no built graph here (dataset.nq, graph.ttl …); run 'poa-kg build' first"


def test_unparsable_data_is_one_line_naming_the_data(tmp_path: Path) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("this is not turtle <\n", encoding="utf-8")
    for read in (load_graph, load_data, load_dataset, named_graphs):
        with pytest.raises(DataError) as err:
            read(bad)
        assert str(err.value).startswith(f"{bad}: cannot read the data: ")
        assert "\n" not in str(err.value)
    with pytest.raises(DataError, match=r"broken\.ttl: cannot load: "):
        open_store(bad)


def test_the_union_the_store_and_the_named_graphs_hold_the_same_triples(folder: Path) -> None:
    graph, store = load_data(folder)
    assert set(graph) == {(URIRef("urn:x:s"), URIRef("urn:x:p"), Literal("one")),
                          (URIRef("urn:x:s"), URIRef("urn:x:p"), Literal("two", lang="en"))}
    assert len(store) == 3  # a quad per graph
    assert set(load_graph(folder)) == set(graph)
    graphs = named_graphs(folder)
    assert list(graphs) == [URIRef(G2), URIRef(G1)]  # in IRI order
    assert [len(g) for g in graphs.values()] == [2, 1]
    ds = load_dataset(folder)
    assert {str(g.identifier): len(g) for g in ds.graphs() if len(g)} == {G1: 1, G2: 2}
    assert len(open_store(folder)) == 3


def test_triples_without_a_graph_are_read_into_the_default_graph(folder: Path) -> None:
    assert list(named_graphs(folder / "graph.nt")) == [DEFAULT_GRAPH]
    _, store = load_data(folder / "graph.nt")
    assert len(store) == 1


def test_json_ld_is_read_by_rdflib_and_has_no_store(tmp_path: Path) -> None:
    doc = tmp_path / "graph.jsonld"
    doc.write_text(json.dumps({"@id": "urn:x:s", "urn:x:p": "one"}), encoding="utf-8")
    graph, store = load_data(doc)
    assert set(graph) == {(URIRef("urn:x:s"), URIRef("urn:x:p"), Literal("one"))}
    assert store is None
    with pytest.raises(DataError, match=r"graph\.jsonld: unsupported RDF file type '\.jsonld'"):
        open_store(doc)


def test_the_files_beside_the_data(folder: Path) -> None:
    assert load_void(folder) is None
    assert report_paths(folder) == []
    assert build_file(folder, "void.ttl") is None
    (folder / "void.ttl").write_text("<urn:x:d> a <http://rdfs.org/ns/void#Dataset> .\n", encoding="utf-8")
    (folder / "build-report.json").write_text(json.dumps({"reports": [{"path": "corpus/r.ar.txt"}]}),
                                              encoding="utf-8")
    void = load_void(folder)
    assert void is not None and len(void) == 1
    assert load_void(folder / "dataset.nq") is None  # a file has no folder of its own
    assert report_paths(folder) == [Path("corpus/r.ar.txt")]
    assert report_paths(folder / "dataset.nq") == [Path("corpus/r.ar.txt")]
    assert build_file(folder, "graph.nt") == b'<urn:x:s> <urn:x:p> "one" .\n'
    (folder / "build-report.json").write_text("{not json", encoding="utf-8")
    assert report_paths(folder) == []


def test_a_build_reads_back_as_it_was_built(built: BuildResult, out_dir: Path) -> None:
    assert iris_from_graph(load_graph(out_dir)) == built.iris
    names = {g.name.value for g in built.dataset.graphs()}
    assert set(map(str, named_graphs(out_dir))) >= names


def test_write_files_names_the_file_it_cannot_write(tmp_path: Path) -> None:
    assert write_files(tmp_path, {"a.txt": b"a"}) == [tmp_path / "a.txt"]
    (tmp_path / "b.txt").mkdir()
    with pytest.raises(OutputError) as err:
        write_files(tmp_path, {"b.txt": b"b"})
    assert str(err.value) == f"{tmp_path / 'b.txt'}: Is a directory"


def test_validating_a_file_writes_the_report_beside_it(folder: Path) -> None:
    outcome, target = validate_data(folder / "graph.nt")
    assert outcome.conforms
    assert target == folder / "validation.ttl"
    files = validation_files(outcome)
    assert target.read_bytes() == files["validation.ttl"]
    assert (folder / "validation.txt").read_text(encoding="utf-8") == "conforms: yes (0 violations)\n"
    report = Graph().parse(data=files["validation.ttl"], format="turtle")
    assert len(report) > 0
    elsewhere = folder / "reports" / "shacl.ttl"
    elsewhere.parent.mkdir()
    assert validate_data(folder, elsewhere)[1] == elsewhere
    assert (folder / "reports" / "shacl.txt").is_file()


def test_a_site_to_serve_is_written_once_and_its_store_holds_the_data(folder: Path, tmp_path: Path) -> None:
    from builder.publish.site import MARKER, prepare_site

    (folder / "void.ttl").write_text(
        "@prefix void: <http://rdfs.org/ns/void#> . @prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
        "<urn:x:d> a dcat:Dataset ; void:triples 3 ; void:classPartition <urn:x:d/class> .\n"
        "<urn:x:d/class> void:class <urn:x:Thing> ; void:entities 1 .\n", encoding="utf-8")
    site = tmp_path / "site"
    store = prepare_site(folder, site)
    assert len(store) == 3
    assert (site / "index.html").is_file() and (site / MARKER).is_file()
    (site / "index.html").write_text("kept", encoding="utf-8")
    assert len(prepare_site(folder, site)) == 3
    assert (site / "index.html").read_text(encoding="utf-8") == "kept"  # an existing site is served as it is
