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

PetscErrorCode DWH5ReadAttrString(hid_t obj, const char name[], char value[], size_t len,
                                  PetscBool *found)
{
  hid_t attr, type, mem;

  PetscFunctionBegin;
  *found   = (PetscBool)(H5Aexists(obj, name) > 0);
  value[0] = 0;
  if (!*found) PetscFunctionReturn(0);
  DWCallHDF5Id(attr, H5Aopen(obj, name, H5P_DEFAULT));
  DWCallHDF5Id(type, H5Aget_type(attr));
  PetscCheck(H5Tget_class(type) == H5T_STRING && !H5Tis_variable_str(type), PETSC_COMM_SELF,
             PETSC_ERR_FILE_UNEXPECTED, "attribute %s is not a fixed-length string", name);
  size_t size = H5Tget_size(type);
  PetscCheck(size < len, PETSC_COMM_SELF, PETSC_ERR_FILE_UNEXPECTED,
             "attribute %s is too long (%zu characters)", name, size);
  DWCallHDF5Id(mem, H5Tcopy(H5T_C_S1));
  DWCallHDF5(H5Tset_size(mem, size + 1));
  DWCallHDF5(H5Tset_strpad(mem, H5T_STR_NULLTERM));
  DWCallHDF5(H5Aread(attr, mem, value));
  DWCallHDF5(H5Tclose(mem));
  DWCallHDF5(H5Tclose(type));
  DWCallHDF5(H5Aclose(attr));
  PetscFunctionReturn(0);
}

/* A scalar attribute read as `type` into value, when it exists. */
static PetscErrorCode ReadAttr(hid_t obj, const char name[], hid_t type, void *value,
                               PetscBool *found)
{
  hid_t attr;

  PetscFunctionBegin;
  *found = (PetscBool)(H5Aexists(obj, name) > 0);
  if (!*found) PetscFunctionReturn(0);
  DWCallHDF5Id(attr, H5Aopen(obj, name, H5P_DEFAULT));
  DWCallHDF5(H5Aread(attr, type, value));
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
