#!/usr/bin/perl
# Where a process's resident memory is: /proc/PID/smaps summed by kind of mapping — the main malloc
# arena ([heap]), the threads' malloc arenas (glibc reserves 64 MiB at a 64 MiB boundary for each and
# makes the used part read-write), thread stacks (8 MiB after a one-page guard), other anonymous
# mappings (libmicrohttpd's connection pools, large mallocs), file-backed (the binary and libraries).
# Usage: perl bench/smaps.pl /proc/PID/smaps   (bench/memory.sh prints it after its loads)
use strict; use warnings; no warnings "portable";
my (@m, $cur);
while (<>) {
	if (/^([0-9a-f]+)-([0-9a-f]+) (\S+) \S+ \S+ \S+\s*(.*)$/) {
		$cur = {s => hex($1), e => hex($2), p => $3, n => $4, rss => 0};
		push @m, $cur;
	} elsif (/^Rss:\s+(\d+)/) { $cur->{rss} = $1; }
}
my (%t, %c);
for my $i (0 .. $#m) {
	my $x = $m[$i]; my $k;
	if ($x->{n} eq '[heap]') { $k = 'heap (main arena)' }
	elsif ($x->{n} =~ /^\[stack/) { $k = 'main stack' }
	elsif ($x->{n} =~ m{^/}) { $k = 'file-backed' }
	elsif ($x->{n} ne '') { $k = $x->{n} }
	elsif ($x->{p} eq 'rw-p' && $i < $#m && $m[$i+1]{n} eq '' && $m[$i+1]{p} eq '---p'
	       && $x->{s} % (64 << 20) == 0 && $m[$i+1]{e} - $x->{s} <= (64 << 20)) { $k = 'thread arenas' }
	elsif ($x->{p} eq 'rw-p' && $i > 0 && $m[$i-1]{p} eq '---p' && $m[$i-1]{e} - $m[$i-1]{s} == 4096
	       && $x->{e} - $x->{s} >= (8000 << 10)) { $k = 'thread stacks' }
	else { $k = 'other anonymous' }
	$t{$k} += $x->{rss}; $c{$k}++;
}
printf "  %-20s %7.1f MiB (%d mappings)\n", $_, $t{$_}/1024, $c{$_} for grep { !/^\[v/ } sort keys %t;
