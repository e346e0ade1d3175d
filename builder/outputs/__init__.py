"""What a build leaves on disk, and reading it back.

* :mod:`builder.outputs.write` — the output files of a build (every serialization,
  the VoID description, the build report), written together and atomically;
* :mod:`builder.outputs.validated` — the same files with their SHACL validation,
  the two run side by side, and the validation report files;
* :mod:`builder.outputs.read` — the one reader of a build folder (or of one RDF
  file) for every command that takes ``--data``: query, validate, publish, serve
  and the network analysis;
* :mod:`builder.outputs.offline_jsonld` — JSON-LD read without fetching anything:
  the project's own context from disk, any other refused.

This package comes after the build (:mod:`builder.pipeline`) and before
publishing: it may import the pipeline's result types, :mod:`builder.validate`
and the serializers of :mod:`builder.publish.serialize`; the pipeline and the
stages never import it.
"""
