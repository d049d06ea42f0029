module github.com/leakscan/bench/hostile

go 1.25
