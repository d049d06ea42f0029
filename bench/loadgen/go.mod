module github.com/leakscan/bench/loadgen

go 1.25
