package dev.pdm.simulators.fleet;

import dev.pdm.model.device.CustomerTier;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates a fleet from a seed. Everything is drawn from one {@link SplittableRandom} in a fixed
 * order, so the same spec always gives the same fleet, byte for byte once written.
 */
public final class FleetGenerator {

  /** Devices per manufacturing batch at scale; small fleets still get two batches per model. */
  static final int BATCH_SIZE = 300;

  private static final String TIMEZONE = "Asia/Shanghai";

  private record Province(String name, String region, String city, int solarOffsetMinutes) {}

  private static final List<Province> PROVINCES =
      List.of(
          new Province("Zhejiang", "East", "Hangzhou", 0),
          new Province("Jiangsu", "East", "Suzhou", 0),
          new Province("Shanghai", "East", "Shanghai", 0),
          new Province("Anhui", "East", "Hefei", 10),
          new Province("Guangdong", "South", "Shenzhen", 20),
          new Province("Guangxi", "South", "Nanning", 40),
          new Province("Hainan", "South", "Haikou", 40),
          new Province("Beijing", "North", "Beijing", 15),
          new Province("Hebei", "North", "Zhangjiakou", 20),
          new Province("Shandong", "North", "Jinan", 10),
          new Province("Hubei", "Central", "Wuhan", 25),
          new Province("Henan", "Central", "Zhengzhou", 25),
          new Province("Sichuan", "Southwest", "Chengdu", 65),
          new Province("Yunnan", "Southwest", "Kunming", 70),
          new Province("Shaanxi", "Northwest", "Xi'an", 45),
          new Province("Gansu", "Northwest", "Jiuquan", 75),
          new Province("Qinghai", "Northwest", "Golmud", 95),
          new Province("Xinjiang", "Northwest", "Hami", 120),
          new Province("Liaoning", "Northeast", "Dalian", 0),
          new Province("Jilin", "Northeast", "Changchun", -10));

  private static final List<String> SITE_KINDS =
      List.of("Solar Park", "Rooftop PV", "Storage Station", "Charging Hub", "Industrial Park");

  private static final List<String> CUSTOMER_WORDS =
      List.of(
          "Sunrise",
          "Greenfield",
          "Huaneng",
          "Bright Sky",
          "Blue Ocean",
          "Golden Sun",
          "Tianhe",
          "Longfeng",
          "Everwind",
          "Jade River",
          "Clearwater",
          "Eastern Light");

  private FleetGenerator() {}

  public static Fleet generate(FleetSpec spec) {
    SplittableRandom rng = new SplittableRandom(spec.seed());
    List<Site> sites = sites(spec, rng);
    List<SimDevice> devices = new ArrayList<>();
    addClass(spec, DeviceClass.INVERTER, spec.inverters(), sites, rng, devices);
    addClass(spec, DeviceClass.BMS, spec.batteries(), sites, rng, devices);
    addClass(spec, DeviceClass.CHARGER, spec.chargers(), sites, rng, devices);
    return new Fleet(sites, devices);
  }

  private static List<Site> sites(FleetSpec spec, SplittableRandom rng) {
    int customers = spec.customers() > 0 ? spec.customers() : Math.max(1, spec.sites() / 3);
    List<String[]> customerRows = new ArrayList<>();
    List<CustomerTier> tiers = new ArrayList<>();
    for (int c = 0; c < customers; c++) {
      String word = CUSTOMER_WORDS.get(c % CUSTOMER_WORDS.size());
      String name = word + " New Energy Co., Ltd." + (c >= CUSTOMER_WORDS.size() ? " " + c : "");
      customerRows.add(new String[] {String.format("cust-%04d", c + 1), name});
      double u = rng.nextDouble();
      tiers.add(
          u < 0.10
              ? CustomerTier.PLATINUM
              : u < 0.35
                  ? CustomerTier.GOLD
                  : u < 0.65 ? CustomerTier.SILVER : CustomerTier.STANDARD);
    }
    List<Site> sites = new ArrayList<>();
    for (int s = 0; s < spec.sites(); s++) {
      Province p = PROVINCES.get(rng.nextInt(PROVINCES.size()));
      int customer = s < customers ? s : rng.nextInt(customers);
      String kind = SITE_KINDS.get(rng.nextInt(SITE_KINDS.size()));
      sites.add(
          new Site(
              s,
              String.format("site-%03d", s + 1),
              p.city() + " " + kind + " " + (s + 1),
              p.name(),
              p.region(),
              TIMEZONE,
              customerRows.get(customer)[0],
              customerRows.get(customer)[1],
              tiers.get(customer),
              p.solarOffsetMinutes()));
    }
    return sites;
  }

  private static void addClass(
      FleetSpec spec,
      DeviceClass deviceClass,
      int count,
      List<Site> sites,
      SplittableRandom rng,
      List<SimDevice> out) {
    List<ModelSpec> models = ModelSpec.of(deviceClass);
    int[] perModel = new int[models.size()];
    for (int i = 0; i < count; i++) {
      perModel[rng.nextInt(models.size())]++;
    }
    YearMonth lastBatchMonth = YearMonth.from(spec.referenceDay()).minusMonths(4);
    int serialNumber = 0;
    for (int m = 0; m < models.size(); m++) {
      ModelSpec model = models.get(m);
      int n = perModel[m];
      int batches = n <= 1 ? 1 : Math.max(2, (n + BATCH_SIZE - 1) / BATCH_SIZE);
      char letter = (char) ('A' + m);
      for (int i = 0; i < n; i++) {
        int b = (int) ((long) i * batches / n);
        YearMonth month = lastBatchMonth.minusMonths(batches - 1 - b);
        String batch =
            String.format(
                "B%04d-%02d-%s-%c",
                month.getYear(), month.getMonthValue(), model.classCode(), letter);
        int fwIndex = (int) ((long) b * model.firmwares().size() / batches);
        String firmware =
            rng.nextDouble() < 0.3 ? model.latestFirmware() : model.firmwares().get(fwIndex);
        Site site = sites.get(rng.nextInt(sites.size()));
        LocalDate install = month.atDay(1).plusDays(30 + rng.nextInt(90));
        if (!install.isBefore(spec.referenceDay())) {
          install = spec.referenceDay().minusDays(1);
        }
        serialNumber++;
        String serial =
            spec.serialPrefix() + String.format("%s-%06d", model.classCode(), serialNumber);
        DeviceFacts facts =
            new DeviceFacts(
                serial,
                deviceClass,
                model.model(),
                firmware,
                batch,
                site.siteId(),
                site.name(),
                site.province(),
                site.region(),
                site.timezone(),
                site.customerId(),
                site.customerName(),
                site.customerTier(),
                install,
                install.plusYears(model.warrantyYears()));
        out.add(new SimDevice(out.size(), facts, model, site));
      }
    }
  }
}
