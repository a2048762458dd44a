import {
  createErrorHandler,
  getDefaultFormState,
  toErrorSchema,
  unwrapErrorHandler,
  validationDataMerge,
  type CustomValidator,
  type ErrorTransformer,
  type RJSFSchema,
  type RJSFValidationError,
  type UiSchema,
  type ValidationData,
  type ValidatorType,
} from '@rjsf/utils';
import { validateSchema, type SchemaIssue } from './validate-schema.js';

function toRjsfError(i: SchemaIssue): RJSFValidationError {
  const at = i.missing ? [...i.path, i.missing] : i.path;
  const property = at.length ? `.${at.join('.')}` : '';
  return {
    name: i.keyword,
    message: i.message,
    property,
    schemaPath: i.schemaPath,
    stack: `${property} ${i.message}`.trim(),
    params: i.missing ? { missingProperty: i.missing } : {},
  };
}

/** rjsf's validator contract over `validateSchema` (no code generation: safe under the console's CSP). */
export const settingsValidator: ValidatorType = {
  validateFormData(
    formData: unknown,
    schema: RJSFSchema,
    customValidate?: CustomValidator,
    transformErrors?: ErrorTransformer,
    uiSchema?: UiSchema,
  ): ValidationData<unknown> {
    let errors = validateSchema(schema as Record<string, unknown>, formData).map(toRjsfError);
    if (transformErrors) errors = transformErrors(errors, uiSchema);
    const errorSchema = toErrorSchema(errors);
    if (!customValidate) return { errors, errorSchema };
    const full = getDefaultFormState(settingsValidator, schema, formData, schema, true);
    const handler = customValidate(full, createErrorHandler(full), uiSchema, errorSchema);
    return validationDataMerge({ errors, errorSchema }, unwrapErrorHandler(handler));
  },
  isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): boolean {
    return validateSchema(schema as Record<string, unknown>, formData, rootSchema as Record<string, unknown>).length === 0;
  },
  rawValidation<Result = unknown>(schema: RJSFSchema, formData?: unknown) {
    return { errors: validateSchema(schema as Record<string, unknown>, formData) as Result[] };
  },
};
