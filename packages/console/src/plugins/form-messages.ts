import { TranslatableString } from '@rjsf/utils';
import { defineMessages } from '../i18n/define.js';

type FormKeys = { [K in keyof typeof TranslatableString as `plugins.form.${K & string}`]: string };

/**
 * The texts @rjsf/core itself writes in a generated form (an array's "Add Item", "Move up"...).
 * English is rjsf's own wording; `%1`, `%2` are its parameters.
 */
const en = Object.fromEntries(Object.entries(TranslatableString).map(([k, v]) => [`plugins.form.${k}`, v])) as FormKeys;

export const formMessages = defineMessages('plugins', en, {
  'plugins.form.ArrayItemTitle': 'Élément',
  'plugins.form.MissingItems': 'Définition des éléments manquante',
  'plugins.form.EmptyArray': 'Aucun élément pour l’instant. Ajoutez-en avec le bouton ci-dessous.',
  'plugins.form.YesLabel': 'Oui',
  'plugins.form.NoLabel': 'Non',
  'plugins.form.CloseLabel': 'Fermer',
  'plugins.form.ErrorsLabel': 'Erreurs',
  'plugins.form.NewStringDefault': 'Nouvelle valeur',
  'plugins.form.AddButton': 'Ajouter',
  'plugins.form.AddItemButton': 'Ajouter un élément',
  'plugins.form.CopyButton': 'Copier',
  'plugins.form.ExpandButton': 'Développer le cycle',
  'plugins.form.MoveDownButton': 'Descendre',
  'plugins.form.MoveUpButton': 'Monter',
  'plugins.form.RemoveButton': 'Supprimer',
  'plugins.form.NowLabel': 'Maintenant',
  'plugins.form.ClearLabel': 'Effacer',
  'plugins.form.AriaDateLabel': 'Choisir une date',
  'plugins.form.PreviewLabel': 'Aperçu',
  'plugins.form.DecrementAriaLabel': 'Diminuer de 1',
  'plugins.form.IncrementAriaLabel': 'Augmenter de 1',
  'plugins.form.OptionalObjectAdd': 'Ajouter des données pour ce champ facultatif',
  'plugins.form.OptionalObjectRemove': 'Retirer les données de ce champ facultatif',
  'plugins.form.OptionalObjectEmptyMsg': 'Aucune donnée pour ce champ facultatif',
  'plugins.form.Type': 'Type',
  'plugins.form.Value': 'Valeur',
  'plugins.form.ClearButton': 'effacer le champ',
  'plugins.form.UnknownFieldType': 'Type de champ inconnu %1',
  'plugins.form.OptionPrefix': 'Option %1',
  'plugins.form.TitleOptionPrefix': '%1 option %2',
  'plugins.form.KeyLabel': 'Clé %1',
  'plugins.form.DeprecatedLabel': '%1 (obsolète)',
  'plugins.form.CycleDetected':
    'Référence circulaire ($ref) détectée pour le champ « %1 ». Vous pouvez la développer jusqu’au cycle suivant',
  'plugins.form.InvalidObjectField': 'Configuration du champ objet « %1 » non valide : _%2_.',
  'plugins.form.UnsupportedField': 'Schéma de champ non pris en charge.',
  'plugins.form.UnsupportedFieldWithId': 'Schéma non pris en charge pour le champ `%1`.',
  'plugins.form.UnsupportedFieldWithReason': 'Schéma de champ non pris en charge : _%1_.',
  'plugins.form.UnsupportedFieldWithIdAndReason': 'Schéma non pris en charge pour le champ `%1` : _%2_.',
  'plugins.form.FilesInfo': '**%1** (%2, %3 octets)',
});
