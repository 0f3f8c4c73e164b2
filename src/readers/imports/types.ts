export type { ImportKind, TensorDirection, TensorInfo, ImportedInterface, ImportNote } from '../../core/tensor.js';
