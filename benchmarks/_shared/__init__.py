"""Code shared by the benchmark scripts (private to ``benchmarks/``).

- :mod:`_shared.protocol`: seeds of the selection and report phases, the
  comparisons declared before the report runs, the choices and the runs
  that informed them;
- :mod:`_shared.data`: the image sets (one seed's training set and test or
  validation set) and the tabular sets;
- :mod:`_shared.methods`: the samplers compared, and how each resamples;
- :mod:`_shared.borrowed`: variants of Delta on the codes, fitted to the
  class over-sampled (benchmark candidates, not in the library);
- :mod:`_shared.margin_rule`: the rule of the round-5 design selection;
- :mod:`_shared.classifiers`: the benchmark CNN with its own step budget,
  and the classical classifiers;
- :mod:`_shared.scores`: ACSA, GM, F1 and per-class recall;
- :mod:`_shared.fidelity`: precision, recall, density, coverage and the
  Fréchet distance of generated samples;
- :mod:`_shared.stats`: unit means, the exact sign-flip permutation test,
  Wilcoxon and Holm's correction;
- :mod:`_shared.analysis`: the tables of the report tool;
- :mod:`_shared.records`: results files and the machine a run used.

The scripts and the tests import these modules and nothing else of each
other.
"""
