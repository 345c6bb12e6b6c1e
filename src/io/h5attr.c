/* HDF5 helpers: datasets and attributes; every dataset of dwell carries units and a
   description, and no time stamps, so the same content gives a byte-identical file. */
#include "io/h5check.h"

hid_t DWH5NativeInt(void)
{
  return sizeof(PetscInt) == 8 ? H5T_NATIVE_LLONG : H5T_NATIVE_INT;
}

static PetscErrorCode WriteAttr(hid_t obj, const char name[], hid_t type, const void *value)
{
  hid_t space, attr;

  PetscFunctionBegin;
  if (H5Aexists(obj, name) > 0) DWCallHDF5(H5Adelete(obj, name));
  DWCallHDF5Id(space, H5Screate(H5S_SCALAR));
  DWCallHDF5Id(attr, H5Acreate2(obj, name, type, space, H5P_DEFAULT, H5P_DEFAULT));
  DWCallHDF5(H5Awrite(attr, type, value));
  DWCallHDF5(H5Aclose(attr));
  DWCallHDF5(H5Sclose(space));
  PetscFunctionReturn(0);
}

PetscErrorCode DWH5WriteAttrString(hid_t obj, const char name[], const char value[])
{
  hid_t type;

  PetscFunctionBegin;
  DWCallHDF5Id(type, H5Tcopy(H5T_C_S1));
  DWCallHDF5(H5Tset_size(type, strlen(value) + 1));
  DWCallHDF5(H5Tset_strpad(type, H5T_STR_NULLTERM));
  PetscCall(WriteAttr(obj, name, type, value));
  DWCallHDF5(H5Tclose(type));
  PetscFunctionReturn(0);
}

PetscErrorCode DWH5WriteAttrDouble(hid_t obj, const char name[], double value)
{
  PetscFunctionBegin;
  PetscCall(WriteAttr(obj, name, H5T_NATIVE_DOUBLE, &value));
  PetscFunctionReturn(0);
}

PetscErrorCode DWH5WriteAttrInt(hid_t obj, const char name[], long long value)
{
  PetscFunctionBegin;
  PetscCall(WriteAttr(obj, name, H5T_NATIVE_LLONG, &value));
  PetscFunctionReturn(0);
}

PetscErrorCode DWH5Where(hid_t obj, char where[], size_t len)
{
  char file[PETSC_MAX_PATH_LEN] = "?", name[256] = "?";

  PetscFunctionBegin;
  if (H5Fget_name(obj, file, sizeof(file)) < 0) PetscCall(PetscStrcpy(file, "?"));
  if (H5Iget_name(obj, name, sizeof(name)) < 0) PetscCall(PetscStrcpy(name, "?"));
  PetscCall(PetscSNPrintf(where, len, "%s: %s", file, name));
  PetscFunctionReturn(0);
}

/* What an HDF5 type class is, for messages. */
static const char *ClassName(H5T_class_t c)
{
  switch (c) {
  case H5T_INTEGER:
    return "an integer";
  case H5T_FLOAT:
    return "a floating-point number";
  case H5T_STRING:
    return "a string";
  default:
    return "of an unsupported type";
  }
}

PetscErrorCode DWH5CheckType(hid_t obj, hid_t type, hid_t mem, const char what[])
{
  const H5T_class_t have = H5Tget_class(type), want = H5Tget_class(mem);
  char where[PETSC_MAX_PATH_LEN + 300];

  PetscFunctionBegin;
  /* integers convert exactly to doubles; nothing else is converted */
  if (have == want || (want == H5T_FLOAT && have == H5T_INTEGER)) PetscFunctionReturn(0);
  PetscCall(DWH5Where(obj, where, sizeof(where)));
  SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s%s%s is %s, expected %s", where,
          what[0] ? ": " : "", what, ClassName(have), ClassName(want));
}

/* Opens the attribute `name` of obj and checks that it holds one value of mem's class. */
static PetscErrorCode OpenScalarAttr(hid_t obj, const char name[], hid_t mem, hid_t *attr,
                                     hid_t *type)
{
  hid_t space;
  hssize_t n;
  char what[300], where[PETSC_MAX_PATH_LEN + 300];

  PetscFunctionBegin;
  PetscCall(PetscSNPrintf(what, sizeof(what), "attribute %s", name));
  DWCallHDF5Id(*attr, H5Aopen(obj, name, H5P_DEFAULT));
  DWCallHDF5Id(space, H5Aget_space(*attr));
  n = H5Sget_simple_extent_npoints(space);
  DWCallHDF5(H5Sclose(space));
  DWCallHDF5Id(*type, H5Aget_type(*attr));
  if (n != 1) {
    PetscCall(DWH5Where(obj, where, sizeof(where)));
    SETERRQ(PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: %s holds %lld values, expected one",
            where, what, (long long)n);
  }
  PetscCall(DWH5CheckType(obj, *type, mem, what));
  PetscFunctionReturn(0);
}

PetscErrorCode DWH5ReadAttrString(hid_t obj, const char name[], char value[], size_t len,
                                  PetscBool *found)
{
  hid_t attr, type, mem;
  char where[PETSC_MAX_PATH_LEN + 300];

  PetscFunctionBegin;
  *found   = (PetscBool)(H5Aexists(obj, name) > 0);
  value[0] = 0;
  if (!*found) PetscFunctionReturn(0);
  PetscCall(OpenScalarAttr(obj, name, H5T_C_S1, &attr, &type));
  PetscCall(DWH5Where(obj, where, sizeof(where)));
  PetscCheck(!H5Tis_variable_str(type), PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: attribute %s is not a fixed-length string", where, name);
  size_t size = H5Tget_size(type);
  PetscCheck(size < len, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: attribute %s is too long (%zu characters)", where, name, size);
  DWCallHDF5Id(mem, H5Tcopy(H5T_C_S1));
  DWCallHDF5(H5Tset_size(mem, size + 1));
  DWCallHDF5(H5Tset_strpad(mem, H5T_STR_NULLTERM));
  DWCallHDF5(H5Aread(attr, mem, value));
  DWCallHDF5(H5Tclose(mem));
  DWCallHDF5(H5Tclose(type));
  DWCallHDF5(H5Aclose(attr));
  PetscFunctionReturn(0);
}

/* A scalar attribute read as `mem` into value, when it exists. */
static PetscErrorCode ReadAttr(hid_t obj, const char name[], hid_t mem, void *value,
                               PetscBool *found)
{
  hid_t attr, type;

  PetscFunctionBegin;
  *found = (PetscBool)(H5Aexists(obj, name) > 0);
  if (!*found) PetscFunctionReturn(0);
  PetscCall(OpenScalarAttr(obj, name, mem, &attr, &type));
  DWCallHDF5(H5Aread(attr, mem, value));
  DWCallHDF5(H5Tclose(type));
  DWCallHDF5(H5Aclose(attr));
  PetscFunctionReturn(0);
}

PetscErrorCode DWH5ReadAttrDouble(hid_t obj, const char name[], double *value, PetscBool *found)
{
  PetscFunctionBegin;
  PetscCall(ReadAttr(obj, name, H5T_NATIVE_DOUBLE, value, found));
  PetscFunctionReturn(0);
}

PetscErrorCode DWH5ReadAttrInt(hid_t obj, const char name[], long long *value, PetscBool *found)
{
  PetscFunctionBegin;
  PetscCall(ReadAttr(obj, name, H5T_NATIVE_LLONG, value, found));
  PetscFunctionReturn(0);
}

PetscErrorCode DWH5Open(hid_t parent, const char name[], H5O_type_t kind, hid_t *id)
{
  H5L_info_t link;
  H5O_info_t info;
  char where[PETSC_MAX_PATH_LEN + 300];

  PetscFunctionBegin;
  PetscCall(DWH5Where(parent, where, sizeof(where)));
  PetscCheck(H5Lexists(parent, name, H5P_DEFAULT) > 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: %s is missing", where, name);
  /* a soft link may dangle, an external one would open another file */
  PetscCheck(H5Lget_info(parent, name, &link, H5P_DEFAULT) >= 0 && link.type == H5L_TYPE_HARD,
             PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: %s is a link, not an object", where,
             name);
  PetscCheck(H5Oget_info_by_name2(parent, name, &info, H5O_INFO_BASIC, H5P_DEFAULT) >= 0,
             PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: %s cannot be read (corrupt file?)",
             where, name);
  PetscCheck(info.type == kind, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED, "%s: %s is not a %s",
             where, name, kind == H5O_TYPE_GROUP ? "group" : "dataset");
  *id = H5Oopen(parent, name, H5P_DEFAULT);
  PetscCheck(*id >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "%s: %s cannot be opened (corrupt file?)", where, name);
  PetscFunctionReturn(0);
}

PetscErrorCode DWH5WriteDataset(hid_t group, const char name[], hid_t type, int rank,
                                const hsize_t dims[], const void *data, const char units[],
                                const char description[])
{
  hid_t space, dcpl, dset;
  hsize_t chunk[3];

  PetscFunctionBegin;
  if (rank == 0)
    DWCallHDF5Id(space, H5Screate(H5S_SCALAR));
  else
    DWCallHDF5Id(space, H5Screate_simple(rank, dims, NULL));
  DWCallHDF5Id(dcpl, H5Pcreate(H5P_DATASET_CREATE));
  DWCallHDF5(H5Pset_obj_track_times(dcpl, 0));
  if (rank == 3 && dims[0] > 0 && dims[1] > 0) {
    chunk[0] = 1;
    chunk[1] = dims[1];
    chunk[2] = dims[2];
    DWCallHDF5(H5Pset_chunk(dcpl, 3, chunk));
    DWCallHDF5(H5Pset_shuffle(dcpl));
    DWCallHDF5(H5Pset_deflate(dcpl, 4));
  }
  DWCallHDF5Id(dset, H5Dcreate2(group, name, type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT));
  if (H5Sget_simple_extent_npoints(space) > 0)
    DWCallHDF5(H5Dwrite(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data));
  PetscCall(DWH5WriteAttrString(dset, "units", units));
  PetscCall(DWH5WriteAttrString(dset, "description", description));
  DWCallHDF5(H5Dclose(dset));
  DWCallHDF5(H5Pclose(dcpl));
  DWCallHDF5(H5Sclose(space));
  PetscFunctionReturn(0);
}

PetscErrorCode DWH5CreateGroup(hid_t parent, const char name[], hid_t *group)
{
  hid_t gcpl;

  PetscFunctionBegin;
  DWCallHDF5Id(gcpl, H5Pcreate(H5P_GROUP_CREATE));
  DWCallHDF5(H5Pset_obj_track_times(gcpl, 0));
  DWCallHDF5Id(*group, H5Gcreate2(parent, name, H5P_DEFAULT, gcpl, H5P_DEFAULT));
  DWCallHDF5(H5Pclose(gcpl));
  PetscFunctionReturn(0);
}
