export type { ImportKind, TensorDirection, TensorInfo, ImportedInterface } from '../../core/tensor.js';
