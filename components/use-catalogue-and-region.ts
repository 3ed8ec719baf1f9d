/** What the popup and the bulk page read from the settings: the field catalogue (kept current) and the phone region. */
import { useEffect, useState } from "preact/hooks";
import type { CountryCode } from "../utils/detect";
import {
  type Catalogue,
  catalogueItem,
  DEFAULT_DETECTION_SETTINGS,
  detectionSettingsItem,
} from "../utils/storage";

/** The catalogue (null while it loads, empty when it cannot be read) and the region of numbers without a code. */
export function useCatalogueAndRegion(): { catalogue: Catalogue | null; region: CountryCode } {
  const [catalogue, setCatalogue] = useState<Catalogue | null>(null);
  const [region, setRegion] = useState<CountryCode>(DEFAULT_DETECTION_SETTINGS.region);
  useEffect(() => {
    let active = true;
    catalogueItem
      .getValue()
      .then((value) => active && setCatalogue(value))
      .catch(() => active && setCatalogue([]));
    const unwatch = catalogueItem.watch((value) => setCatalogue(value ?? []));
    detectionSettingsItem
      .getValue()
      .then((settings) => active && setRegion(settings.region))
      .catch(() => undefined);
    return () => {
      active = false;
      unwatch();
    };
  }, []);
  return { catalogue, region };
}
