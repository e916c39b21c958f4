#!/bin/sh
# t-layers.sh - the call graph's contract (issue 12) in `make check`: scripts/layers.sh over the
# objects of this build (BUILD, default build/rel) finds no cycle, at most two calls that run
# back up the pipeline, and no file of src/ its table does not place.  Its last line is the
# summary.
set -u
sh scripts/layers.sh "${BUILD:-build/rel}"
