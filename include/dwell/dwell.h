/* dwell: the public interface, one header per object. */
#pragma once
#include <dwell/system.h>
#include <dwell/rng.h>
#include <dwell/neighbor.h>
#include <dwell/potential.h>
#include <dwell/io.h>
#include <dwell/md.h>
#include <dwell/minimizer.h>
#include <dwell/elastic.h>
