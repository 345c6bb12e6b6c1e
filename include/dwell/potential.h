/* Pair potentials U = sum_{i<j} phi_ab(r_ij), r_ij < rc_ab, in reduced units (energy eps,
   length sigma). Each model (one file in src/potential/) supplies, per pair, the radial
   derivatives phi, phi', phi'', phi''' and a fast energy/force kernel; the generic code
   builds from them the forces F = -grad U, the virial W = -(1/3) sum r phi'(r) (so that
   the configurational pressure is P = W / V, eps/sigma^3), the Hessian
   H = grad grad U (3x3 blocks), and the third-order contractions
   (U:pp)_a = sum_bc U_abc p_b p_c and U:ppp for a displacement field p.

   Models (DESIGN.md section 3): pss, tlj and ka2 (two names of one ternary model), ka, lj,
   harmonic.

   A DWPotential lives on a communicator; its computations are sequential and
   replicated, except the assembly of the parallel Hessian Mat. */
#pragma once
#include <petscmat.h>
#include <dwell/system.h>
#include <dwell/neighbor.h>

typedef struct _p_DWPotential *DWPotential;
typedef const char            *DWPotentialType;

#define DWPOTENTIAL_PSS      "pss"
#define DWPOTENTIAL_TLJ      "tlj"
#define DWPOTENTIAL_KA2      "ka2"
#define DWPOTENTIAL_KA       "ka"
#define DWPOTENTIAL_LJ       "lj"
#define DWPOTENTIAL_HARMONIC "harmonic"

/* Collective. */
PetscErrorCode DWPotentialCreate(MPI_Comm comm, DWPotential *pot);
PetscErrorCode DWPotentialDestroy(DWPotential *pot);
/* Collective. Errors on an unknown model, listing the known ones. */
PetscErrorCode DWPotentialSetType(DWPotential pot, DWPotentialType type);
PetscErrorCode DWPotentialGetType(DWPotential pot, DWPotentialType *type);
/* Collective. Reads -model, -init_min_distance and the model's options (e.g. -tlj_eps,
   -harmonic_binary). */
PetscErrorCode DWPotentialSetFromOptions(DWPotential pot);
/* Collective. Under -help, lists the options of every model (not only the chosen one). */
PetscErrorCode DWPotentialListOptions(MPI_Comm comm);
/* Collective. Checks that the system fits the model (species, diameters) and
   precomputes the pair constants. Call again after species or diameters change. */
PetscErrorCode DWPotentialSetUp(DWPotential pot, DWSystem sys);
PetscErrorCode DWPotentialView(DWPotential pot, PetscViewer viewer);
/* The model's number density, number of species and the largest cutoff (sigma) for sys. */
PetscErrorCode DWPotentialGetDensity(DWPotential pot, PetscReal *rho);
PetscErrorCode DWPotentialGetMaxCutoff(DWPotential pot, PetscReal *rc);
/* Not collective. The interaction distance scale s_ij of the pair (sigma_ab or the pss
   nonadditive diameter) and its cutoff rc_ij. */
PetscErrorCode DWPotentialGetPairScale(DWPotential pot, DWSystem sys, PetscInt i, PetscInt j, PetscReal *s, PetscReal *rc);
/* Not collective. d[0..3] = phi, phi', phi'', phi''' of pair (i, j) at distance r
   (zero for r >= rc_ij). */
PetscErrorCode DWPotentialPairDerivatives(DWPotential pot, DWSystem sys, PetscInt i, PetscInt j, PetscReal r, PetscReal d[4]);

/* Not collective. Energy U (eps), forces f (3N, may be NULL), virial W (eps, may be NULL)
   and per-particle energy e (N, half of each pair, may be NULL). The neighbour list is
   updated (rebuilt if needed) first. */
PetscErrorCode DWPotentialComputeEnergyForces(DWPotential pot, DWSystem sys, DWNeighborList nl, PetscReal *U, PetscReal f[], PetscReal *W, PetscReal e[]);
/* Not collective. The virial tensor W_ab = -sum_{i<j} phi'(r_ij) (r_ij)_a (r_ij)_b / r_ij (eps)
   as W[6] = (xx, yy, zz, xy, xz, yz) (LAMMPS's order); (W_xx + W_yy + W_zz) / 3 = W. The
   configurational pressure tensor is P_ab = W_ab / V, the stress sigma_ab = -W_ab / V. */
PetscErrorCode DWPotentialComputeVirialTensor(DWPotential pot, DWSystem sys, DWNeighborList nl, PetscReal W[6]);
/* Collective on sys (every rank holds the same values). An error unless the energy U, the
   virial W and the forces f (3N) are finite; it names the first particle i whose force is not
   finite and its nearest neighbour j with their distance (two particles at the same place
   give r = 0 and infinite or undefined terms). For results that are printed or stored. */
PetscErrorCode DWPotentialCheckFinite(DWSystem sys, PetscReal U, PetscReal W, const PetscReal f[]);
/* Not collective. The Hessian as a dense row-major 3N x 3N array (caller allocates). */
PetscErrorCode DWPotentialComputeHessianDense(DWPotential pot, DWSystem sys, DWNeighborList nl, PetscReal H[]);
/* Collective on the system's communicator. Creates the Hessian as a PETSc Mat (type from
   -hessian_mat_type, default aij, block size 3, rows distributed over the ranks); the caller
   destroys it. */
PetscErrorCode DWPotentialCreateHessian(DWPotential pot, DWSystem sys, DWNeighborList nl, Mat *H);
/* Collective on H. Refills an existing Hessian (same sparsity as created) at the current positions. */
PetscErrorCode DWPotentialComputeHessian(DWPotential pot, DWSystem sys, DWNeighborList nl, Mat H);
/* Not collective. Third-order contractions along p (3N): Upp (3N, may be NULL) and
   Uppp (may be NULL). */
PetscErrorCode DWPotentialComputeThirdOrder(DWPotential pot, DWSystem sys, DWNeighborList nl, const PetscReal p[], PetscReal Upp[], PetscReal *Uppp);
/* Not collective. Derivatives of U with respect to a Lagrangian strain eta at eta = 0
   (src/potential/strain.c; tensor components in Voigt order xx yy zz yz xz xy): S (6) = dU/deta
   (eps; S / V the Cauchy stress, positive in tension), B (6 x 6, row-major) = d^2U/deta deta
   (eps; B / V the Born term) and, unless NULL, Xi (6 x 3N, row-major) = d^2U/dx deta
   (eps/sigma), the mixed derivative of the non-affine correction. */
PetscErrorCode DWPotentialComputeStrainDerivatives(DWPotential pot, DWSystem sys, DWNeighborList nl, PetscReal S[6], PetscReal B[36], PetscReal Xi[]);

/* Collective. A random configuration of N particles for the model at density rho (<= 0: the
   model's own density): species in the model's ratios or pss diameters by deterministic
   quantiles, positions by random sequential addition with no pair closer than
   -init_min_distance (default 0.7) times its s_ij. Errors naming the density when it leaves
   no room. */
PetscErrorCode DWPotentialCreateRandomSystem(DWPotential pot, PetscInt N, PetscReal rho, PetscInt seed, DWSystem *sys);

/* Swap Monte Carlo: the energy of particle i with the n particles j[] at squared distances
   r2[] (sigma^2), sum_k phi_{i j_k}(r_k) (pairs beyond rc_ij add nothing), for the species and
   diameters in p (eps). Not collective; no error path: it runs in the swap moves' loop. */
typedef PetscReal (*DWParticleEnergyFn)(DWPotential pot, const DWParticles *p, PetscInt i,
                                        PetscInt n, const PetscInt j[], const PetscReal r2[]);
/* Not collective. The model's swap rule: the per-particle energy of swap Monte Carlo (NULL
   for a model without one, e.g. ka or lj). With it a swap exchanges the identities of two
   particles: their diameters (pss) or their species (tlj, ka2; which species pairs is a
   choice of DWSwap, -swap_pairs). */
PetscErrorCode DWPotentialGetSwapRule(DWPotential pot, DWParticleEnergyFn *energy);
/* Registry: a new model is one file plus one line in DWPotentialRegisterAll(). */
PetscErrorCode DWPotentialRegister(const char name[], PetscErrorCode (*create)(DWPotential));
PetscErrorCode DWPotentialRegisterAll(void);
/* Not collective. The names of the models joined by sep (e.g. ", ") in buf. */
PetscErrorCode DWPotentialListTypes(const char sep[], char buf[], size_t len);
